package org.babelbridge.media.codec;

/**
 * ITU-T G.722 at 64 kbit/s (mode 1): sub-band ADPCM of 16 kHz audio, one byte per two samples,
 * RTP payload type 9 with the RFC 3551 quirk {@code G722/8000} (RTP clock 8000, audio 16 kHz).
 *
 * <p>Both directions are stateful (adaptive predictors and quantiser scales in each sub-band), so
 * an instance serves one stream: the encoder state is used only by {@link #encode}, the decoder
 * state only by {@link #decode}, each from a single thread. Fixed-point arithmetic as in the ITU
 * reference; the QMF scaling takes 16-bit PCM in and out (as spandsp and ffmpeg do).
 */
public final class G722Codec implements AudioCodec {
    public static final String NAME = "G722";
    public static final int PAYLOAD_TYPE = 9;

    private static final int[] QMF_COEFFS = {3, -11, 12, 32, -210, 951, 3876, -805, 362, -156, 53, -11};
    private static final int[] Q6 = {0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714,
        786, 858, 940, 1023, 1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919, 0, 0};
    private static final int[] ILN = {0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15,
        14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 0};
    private static final int[] ILP = {0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43,
        42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 0};
    private static final int[] IHN = {0, 1, 0};
    private static final int[] IHP = {0, 3, 2};
    private static final int[] WL = {-60, -30, 58, 172, 334, 538, 1198, 3042};
    private static final int[] RL42 = {0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0};
    private static final int[] ILB = {2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656,
        2714, 2774, 2834, 2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922,
        4008};
    private static final int[] WH = {0, -214, 798};
    private static final int[] RH2 = {2, 1, 2, 1};
    private static final int[] QM2 = {-7408, -1616, 7408, 1616};
    private static final int[] QM4 = {0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968,
        6288, 4240, 2584, 1200, 0};
    private static final int[] QM6 = {-136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512,
        -12280, -11192, -10232, -9360, -8576, -7856, -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168,
        -2776, -2400, -2032, -1688, -1360, -1040, -728, 24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192,
        10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456, 4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032, 1688,
        1360, 1040, 728, 432, 136, -432, -136};

    /** QMF delay lines: the newest 24 samples end at the fill index; shifted down only when full. */
    private static final int QMF_TAPS = 24;
    private static final int QMF_BUFFER = QMF_TAPS + 512;

    private final Band encoderLow = new Band(32);
    private final Band encoderHigh = new Band(8);
    private final int[] encoderQmf = new int[QMF_BUFFER];
    private int encoderQmfEnd = QMF_TAPS;
    private final Band decoderLow = new Band(32);
    private final Band decoderHigh = new Band(8);
    private final int[] decoderQmf = new int[QMF_BUFFER];
    private int decoderQmfEnd = QMF_TAPS;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int payloadType() {
        return PAYLOAD_TYPE;
    }

    @Override
    public int rtpClockRate() {
        return 8000;
    }

    @Override
    public int sampleRateHz() {
        return 16000;
    }

    /** Decodes {@code length} bytes into {@code 2 * length} samples of 16 kHz PCM. */
    @Override
    public int decode(byte[] payload, int offset, int length, short[] pcmOut, int outOffset) {
        int out = outOffset;
        int[] x = decoderQmf;
        for (int j = 0; j < length; j++) {
            int code = payload[offset + j] & 0xFF;
            int ilow = code & 0x3F;
            int ihigh = (code >> 6) & 0x03;

            // Low band: inverse quantise the 6-bit code for the output, the 4-bit one for adaptation.
            int rlow = decoderLow.s + ((decoderLow.det * QM6[ilow]) >> 15);
            rlow = clamp(rlow, -16384, 16383);
            int dlow = (decoderLow.det * QM4[ilow >> 2]) >> 15;
            decoderLow.nb = clamp(((decoderLow.nb * 127) >> 7) + WL[RL42[ilow >> 2]], 0, 18432);
            decoderLow.det = scale(decoderLow.nb, 8);
            decoderLow.adapt(dlow);

            int dhigh = (decoderHigh.det * QM2[ihigh]) >> 15;
            int rhigh = clamp(dhigh + decoderHigh.s, -16384, 16383);
            decoderHigh.nb = clamp(((decoderHigh.nb * 127) >> 7) + WH[RH2[ihigh]], 0, 22528);
            decoderHigh.det = scale(decoderHigh.nb, 10);
            decoderHigh.adapt(dhigh);

            // Receive QMF: two output samples per code.
            if (decoderQmfEnd == QMF_BUFFER) {
                System.arraycopy(x, QMF_BUFFER - (QMF_TAPS - 2), x, 0, QMF_TAPS - 2);
                decoderQmfEnd = QMF_TAPS - 2;
            }
            x[decoderQmfEnd] = rlow + rhigh;
            x[decoderQmfEnd + 1] = rlow - rhigh;
            decoderQmfEnd += 2;
            int base = decoderQmfEnd - QMF_TAPS;
            int xout1 = 0;
            int xout2 = 0;
            for (int i = 0; i < 12; i++) {
                xout2 += x[base + 2 * i] * QMF_COEFFS[i];
                xout1 += x[base + 2 * i + 1] * QMF_COEFFS[11 - i];
            }
            pcmOut[out++] = (short) clamp(xout1 >> 11, Short.MIN_VALUE, Short.MAX_VALUE);
            pcmOut[out++] = (short) clamp(xout2 >> 11, Short.MIN_VALUE, Short.MAX_VALUE);
        }
        return out - outOffset;
    }

    /**
     * Encodes an even number of 16 kHz samples into {@code samples / 2} bytes.
     *
     * @throws IllegalArgumentException if {@code samples} is odd
     */
    @Override
    public int encode(short[] pcm, int offset, int samples, byte[] out, int outOffset) {
        if ((samples & 1) != 0) {
            throw new IllegalArgumentException("G.722 encodes sample pairs, got " + samples + " samples");
        }
        int[] x = encoderQmf;
        int written = 0;
        for (int j = 0; j < samples; j += 2) {
            // Transmit QMF: split the pair into one low-band and one high-band sample.
            if (encoderQmfEnd == QMF_BUFFER) {
                System.arraycopy(x, QMF_BUFFER - (QMF_TAPS - 2), x, 0, QMF_TAPS - 2);
                encoderQmfEnd = QMF_TAPS - 2;
            }
            x[encoderQmfEnd] = pcm[offset + j];
            x[encoderQmfEnd + 1] = pcm[offset + j + 1];
            encoderQmfEnd += 2;
            int base = encoderQmfEnd - QMF_TAPS;
            int sumOdd = 0;
            int sumEven = 0;
            for (int i = 0; i < 12; i++) {
                sumOdd += x[base + 2 * i] * QMF_COEFFS[i];
                sumEven += x[base + 2 * i + 1] * QMF_COEFFS[11 - i];
            }
            int xlow = (sumEven + sumOdd) >> 14;
            int xhigh = (sumEven - sumOdd) >> 14;

            int el = saturate(xlow - encoderLow.s);
            int wd = el >= 0 ? el : -(el + 1);
            int i = 1;
            while (i < 30 && wd >= (Q6[i] * encoderLow.det) >> 12) {
                i++;
            }
            int ilow = el < 0 ? ILN[i] : ILP[i];
            int ril = ilow >> 2;
            int dlow = (encoderLow.det * QM4[ril]) >> 15;
            encoderLow.nb = clamp(((encoderLow.nb * 127) >> 7) + WL[RL42[ril]], 0, 18432);
            encoderLow.det = scale(encoderLow.nb, 8);
            encoderLow.adapt(dlow);

            int eh = saturate(xhigh - encoderHigh.s);
            wd = eh >= 0 ? eh : -(eh + 1);
            int mih = wd >= (564 * encoderHigh.det) >> 12 ? 2 : 1;
            int ihigh = eh < 0 ? IHN[mih] : IHP[mih];
            int dhigh = (encoderHigh.det * QM2[ihigh]) >> 15;
            encoderHigh.nb = clamp(((encoderHigh.nb * 127) >> 7) + WH[RH2[ihigh]], 0, 22528);
            encoderHigh.det = scale(encoderHigh.nb, 10);
            encoderHigh.adapt(dhigh);

            out[outOffset + written++] = (byte) ((ihigh << 6) | ilow);
        }
        return written;
    }

    @Override
    public String toString() {
        return NAME + "/8000";
    }

    /** Quantiser scale factor from the log scale factor (blocks SCALEL / SCALEH). */
    private static int scale(int nb, int shiftBase) {
        int wd1 = (nb >> 6) & 31;
        int wd2 = shiftBase - (nb >> 11);
        int wd3 = wd2 < 0 ? ILB[wd1] << -wd2 : ILB[wd1] >> wd2;
        return wd3 << 2;
    }

    private static int saturate(int value) {
        return clamp(value, Short.MIN_VALUE, Short.MAX_VALUE);
    }

    private static int clamp(int value, int min, int max) {
        return value < min ? min : Math.min(value, max);
    }

    /** Adaptive predictor of one sub-band (ITU-T G.722 block 4), with the delay lines unrolled into fields. */
    private static final class Band {
        int s;
        int sz;
        int r1;
        int r2;
        int p1;
        int p2;
        int a1;
        int a2;
        /** Quantised difference signal, d[0] newest; b[1..6] are the zero-section coefficients. */
        final int[] d = new int[7];
        final int[] b = new int[7];
        int nb;
        int det;

        Band(int initialDet) {
            det = initialDet;
        }

        void adapt(int dq) {
            // RECONS, PARREC
            int r0 = saturate(s + dq);
            int p0 = saturate(sz + dq);
            int sg0 = p0 >> 15;
            int sg1 = p1 >> 15;
            int sg2 = p2 >> 15;

            // UPPOL2
            int wd1 = saturate(a1 << 2);
            int wd2 = sg0 == sg1 ? -wd1 : wd1;
            if (wd2 > 32767) {
                wd2 = 32767;
            }
            int wd3 = (wd2 >> 7) + (sg0 == sg2 ? 128 : -128);
            wd3 += (a2 * 32512) >> 15;
            int ap2 = clamp(wd3, -12288, 12288);

            // UPPOL1
            wd1 = sg0 == sg1 ? 192 : -192;
            wd2 = (a1 * 32640) >> 15;
            int ap1 = saturate(wd1 + wd2);
            wd3 = saturate(15360 - ap2);
            if (ap1 > wd3) {
                ap1 = wd3;
            } else if (ap1 < -wd3) {
                ap1 = -wd3;
            }

            // UPZERO (each coefficient depends only on itself, so it is updated in place)
            int step = dq == 0 ? 0 : 128;
            int sgq = dq >> 15;
            int[] dl = d;
            int[] bl = b;
            for (int i = 1; i < 7; i++) {
                int change = (dl[i] >> 15) == sgq ? step : -step;
                bl[i] = saturate(change + ((bl[i] * 32640) >> 15));
            }

            // DELAYA
            for (int i = 6; i > 1; i--) {
                dl[i] = dl[i - 1];
            }
            dl[1] = dq;
            r2 = r1;
            r1 = r0;
            p2 = p1;
            p1 = p0;
            a2 = ap2;
            a1 = ap1;

            // FILTEP
            int pole = saturate(((a1 * saturate(r1 + r1)) >> 15) + ((a2 * saturate(r2 + r2)) >> 15));

            // FILTEZ
            int sum = 0;
            for (int i = 6; i > 0; i--) {
                sum += (bl[i] * saturate(dl[i] + dl[i])) >> 15;
            }
            sz = saturate(sum);

            // PREDIC
            s = saturate(pole + sz);
        }
    }
}
