package org.babelbridge.media.leg;

import org.babelbridge.media.resample.HalfBandResampler;
import org.babelbridge.media.resample.Resampler;

/**
 * Streaming sample-rate conversion for a leg's codec rate and the 16 kHz internal rate. The common
 * telephony case, 8 kHz to 16 kHz and back, uses {@link HalfBandResampler} (a few microseconds per
 * frame, which matters at a thousand legs); same rates pass through; anything else uses the general
 * {@link Resampler}. One instance per stream and direction, used from one thread.
 */
public interface RateConverter {

    /** Converts {@code samples} input samples; returns the number of output samples written. */
    int process(short[] in, int inOffset, int samples, short[] out, int outOffset);

    /** Forgets the filter history (a new stream). */
    void reset();

    static RateConverter between(int inputRateHz, int outputRateHz) {
        if (inputRateHz == outputRateHz) {
            return new RateConverter() {
                @Override
                public int process(short[] in, int inOffset, int samples, short[] out, int outOffset) {
                    System.arraycopy(in, inOffset, out, outOffset, samples);
                    return samples;
                }

                @Override
                public void reset() {
                }
            };
        }
        if ((inputRateHz == 8000 && outputRateHz == 16_000) || (inputRateHz == 16_000 && outputRateHz == 8000)) {
            HalfBandResampler halfBand = inputRateHz < outputRateHz
                    ? HalfBandResampler.upsampler() : HalfBandResampler.downsampler();
            return new RateConverter() {
                @Override
                public int process(short[] in, int inOffset, int samples, short[] out, int outOffset) {
                    return halfBand.process(in, inOffset, samples, out, outOffset);
                }

                @Override
                public void reset() {
                    halfBand.reset();
                }
            };
        }
        Resampler resampler = new Resampler(inputRateHz, outputRateHz);
        return new RateConverter() {
            @Override
            public int process(short[] in, int inOffset, int samples, short[] out, int outOffset) {
                return resampler.process(in, inOffset, samples, out, outOffset);
            }

            @Override
            public void reset() {
                resampler.reset();
            }
        };
    }
}
