package org.babelbridge.media.wav;

/**
 * Decoded contents of a mono WAV file: linear PCM16 samples (µ-law files are expanded), the sample
 * rate and the encoding the file used. The sample array belongs to whoever holds the record.
 */
public record WavAudio(short[] samples, int sampleRateHz, WavEncoding encoding) {

    public long durationMs() {
        return samples.length * 1000L / sampleRateHz;
    }
}
