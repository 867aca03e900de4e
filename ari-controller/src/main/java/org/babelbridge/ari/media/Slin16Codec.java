package org.babelbridge.ari.media;

import org.babelbridge.media.codec.AudioCodec;

/**
 * Asterisk's {@code slin16} as carried by an externalMedia channel: signed 16-bit linear PCM at
 * 16 kHz in network (big-endian) byte order, static payload type 118 (Asterisk's RTP engine
 * mapping; there is no SDP to negotiate another). Stateless.
 */
public final class Slin16Codec implements AudioCodec {
    public static final String NAME = "slin16";
    public static final int PAYLOAD_TYPE = 118;

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
        return 16_000;
    }

    @Override
    public int sampleRateHz() {
        return 16_000;
    }

    @Override
    public int decode(byte[] payload, int offset, int length, short[] pcmOut, int outOffset) {
        int samples = length / 2; // an odd trailing byte is not a sample
        for (int i = 0; i < samples; i++) {
            int at = offset + 2 * i;
            pcmOut[outOffset + i] = (short) ((payload[at] << 8) | (payload[at + 1] & 0xff));
        }
        return samples;
    }

    @Override
    public int encode(short[] pcm, int offset, int samples, byte[] out, int outOffset) {
        for (int i = 0; i < samples; i++) {
            short s = pcm[offset + i];
            out[outOffset + 2 * i] = (byte) (s >> 8);
            out[outOffset + 2 * i + 1] = (byte) s;
        }
        return samples * 2;
    }

    @Override
    public String toString() {
        return "slin16/16000 PT " + PAYLOAD_TYPE;
    }
}
