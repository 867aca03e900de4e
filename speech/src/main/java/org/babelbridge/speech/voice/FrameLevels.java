package org.babelbridge.speech.voice;

/** RMS level of consecutive 20 ms frames in dBFS (full-scale sine = about -3 dBFS); silence is -100. */
final class FrameLevels {

    static final double SILENCE_DBFS = -100;

    private FrameLevels() {
    }

    static double[] of(short[] pcm, int sampleRateHz) {
        int frame = sampleRateHz / 50;
        int frames = pcm.length / frame;
        double[] levels = new double[frames];
        for (int f = 0; f < frames; f++) {
            double rms = PitchTracker.rms(pcm, f * frame, frame);
            levels[f] = rms <= 0 ? SILENCE_DBFS : Math.max(SILENCE_DBFS, 20 * Math.log10(rms / 32768.0));
        }
        return levels;
    }
}
