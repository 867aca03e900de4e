package org.babelbridge.media.codec;

/**
 * G.711 µ-law and A-law sample conversion (ITU-T G.711, RFC 3551 PCMU/PCMA), table driven.
 * The encoders use the reference segment search after rounding the sample to 14 (µ-law) or
 * 13 (A-law) bits, which makes them bit-exact with sox. Stateless and thread-safe.
 */
public final class G711 {
    private static final int ULAW_BIAS = 0x84;
    private static final int ULAW_CLIP = 8159;
    private static final int[] ULAW_SEGMENT_END = {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF};
    private static final int[] ALAW_SEGMENT_END = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};

    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];
    // Indexed by the unsigned 16-bit sample (sample & 0xFFFF): 64 KiB each, one lookup per sample.
    private static final byte[] LINEAR_TO_ULAW = new byte[65536];
    private static final byte[] LINEAR_TO_ALAW = new byte[65536];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW_TO_LINEAR[i] = (short) computeUlawToLinear(i);
            ALAW_TO_LINEAR[i] = (short) computeAlawToLinear(i);
        }
        for (int i = 0; i < 65536; i++) {
            LINEAR_TO_ULAW[i] = (byte) computeLinearToUlaw((short) i);
            LINEAR_TO_ALAW[i] = (byte) computeLinearToAlaw((short) i);
        }
    }

    private G711() {
    }

    public static short ulawToLinear(byte ulaw) {
        return ULAW_TO_LINEAR[ulaw & 0xFF];
    }

    public static byte linearToUlaw(short sample) {
        return LINEAR_TO_ULAW[sample & 0xFFFF];
    }

    public static short alawToLinear(byte alaw) {
        return ALAW_TO_LINEAR[alaw & 0xFF];
    }

    public static byte linearToAlaw(short sample) {
        return LINEAR_TO_ALAW[sample & 0xFFFF];
    }

    private static int segment(int value, int[] segmentEnds) {
        for (int i = 0; i < segmentEnds.length; i++) {
            if (value <= segmentEnds[i]) {
                return i;
            }
        }
        return segmentEnds.length;
    }

    private static int computeLinearToUlaw(int sample) {
        // Rounded (not truncated) to the encoder's 14-bit domain, as sox does.
        int value = Math.min((sample + 2) >> 2, 8191);
        int mask;
        if (value < 0) {
            value = -value;
            mask = 0x7F;
        } else {
            mask = 0xFF;
        }
        if (value > ULAW_CLIP) {
            value = ULAW_CLIP;
        }
        value += ULAW_BIAS >> 2;
        int seg = segment(value, ULAW_SEGMENT_END);
        if (seg >= 8) {
            return 0x7F ^ mask;
        }
        int code = (seg << 4) | ((value >> (seg + 1)) & 0x0F);
        return code ^ mask;
    }

    private static int computeUlawToLinear(int ulaw) {
        int u = ~ulaw & 0xFF;
        int t = ((u & 0x0F) << 3) + ULAW_BIAS;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? ULAW_BIAS - t : t - ULAW_BIAS;
    }

    private static int computeLinearToAlaw(int sample) {
        // Rounded (not truncated) to the encoder's 13-bit domain, as sox does.
        int value = Math.min((sample + 4) >> 3, 4095);
        int mask;
        if (value >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            value = -value - 1;
        }
        int seg = segment(value, ALAW_SEGMENT_END);
        if (seg >= 8) {
            return 0x7F ^ mask;
        }
        int code = seg << 4;
        code |= seg < 2 ? (value >> 1) & 0x0F : (value >> seg) & 0x0F;
        return code ^ mask;
    }

    private static int computeAlawToLinear(int alaw) {
        int a = (alaw ^ 0x55) & 0xFF;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        switch (seg) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= seg - 1;
            }
        }
        return (a & 0x80) != 0 ? t : -t;
    }
}
