package org.babelbridge.media.codec;

/** G.711 A-law (RTP payload type 8, {@code PCMA/8000}): one byte per 8 kHz sample. Stateless. */
public final class PcmaCodec implements AudioCodec {
    public static final String NAME = "PCMA";
    public static final int PAYLOAD_TYPE = 8;

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
        return 8000;
    }

    @Override
    public int decode(byte[] payload, int offset, int length, short[] pcmOut, int outOffset) {
        for (int i = 0; i < length; i++) {
            pcmOut[outOffset + i] = G711.alawToLinear(payload[offset + i]);
        }
        return length;
    }

    @Override
    public int encode(short[] pcm, int offset, int samples, byte[] out, int outOffset) {
        for (int i = 0; i < samples; i++) {
            out[outOffset + i] = G711.linearToAlaw(pcm[offset + i]);
        }
        return samples;
    }

    @Override
    public String toString() {
        return NAME + "/8000";
    }
}
