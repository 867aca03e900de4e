package org.babelbridge.media.jitter;

import org.babelbridge.media.AudioFormat;

/**
 * Fills a missing 20 ms frame with speech-like audio: the last pitch period of the recent signal,
 * found by autocorrelation, repeated and faded out (full level for 10 ms, then a linear fade to
 * silence by 60 ms), in the spirit of ITU-T G.711 Appendix I. When real audio returns, its first
 * 5 ms are cross-faded with the continued concealment so no click is heard.
 * Confined to one thread; no allocation after construction.
 */
public final class PacketLossConcealer {
    private static final int FRAME = AudioFormat.FRAME_SAMPLES;
    private static final int HISTORY = 2 * FRAME;
    private static final int MIN_PITCH = AudioFormat.SAMPLE_RATE_HZ / 400;
    private static final int MAX_PITCH = AudioFormat.SAMPLE_RATE_HZ / 60;
    private static final int FULL_LEVEL_SAMPLES = AudioFormat.samplesForMillis(10);
    private static final int FADE_END_SAMPLES = AudioFormat.samplesForMillis(60);
    private static final int CROSSFADE = AudioFormat.samplesForMillis(5);

    private final short[] history = new short[HISTORY];
    private final short[] continuation = new short[CROSSFADE];
    private boolean haveHistory;
    private int pitch;
    private int phase;
    private int concealedSamples;

    /** Records a frame of real audio (and smooths the return from a concealment into it, in place). */
    public void onGoodFrame(short[] frame, int offset) {
        if (concealedSamples > 0 && concealedSamples < FADE_END_SAMPLES) {
            synthesize(continuation, 0, CROSSFADE);
            for (int i = 0; i < CROSSFADE; i++) {
                int real = frame[offset + i];
                int fake = continuation[i];
                frame[offset + i] = (short) ((real * i + fake * (CROSSFADE - i)) / CROSSFADE);
            }
        }
        concealedSamples = 0;
        System.arraycopy(history, FRAME, history, 0, HISTORY - FRAME);
        System.arraycopy(frame, offset, history, HISTORY - FRAME, FRAME);
        haveHistory = true;
    }

    /** Writes one concealment frame into {@code out}. */
    public void conceal(short[] out, int offset) {
        if (!haveHistory) {
            java.util.Arrays.fill(out, offset, offset + FRAME, (short) 0);
            return;
        }
        if (concealedSamples == 0) {
            pitch = estimatePitch();
            phase = 0;
        }
        synthesize(out, offset, FRAME);
    }

    private void synthesize(short[] out, int offset, int samples) {
        for (int i = 0; i < samples; i++) {
            int gainQ15;
            if (concealedSamples < FULL_LEVEL_SAMPLES) {
                gainQ15 = 32_768;
            } else if (concealedSamples >= FADE_END_SAMPLES) {
                gainQ15 = 0;
            } else {
                gainQ15 = (int) (32_768L * (FADE_END_SAMPLES - concealedSamples)
                        / (FADE_END_SAMPLES - FULL_LEVEL_SAMPLES));
            }
            int source = history[HISTORY - pitch + phase];
            out[offset + i] = (short) ((source * gainQ15) >> 15);
            phase = phase + 1 == pitch ? 0 : phase + 1;
            concealedSamples++;
        }
    }

    /** The lag with the highest normalised autocorrelation of the last frame against the history. */
    private int estimatePitch() {
        long bestScore = Long.MIN_VALUE;
        int best = MAX_PITCH;
        int window = FRAME - MAX_PITCH / 2;
        int end = HISTORY;
        for (int lag = MIN_PITCH; lag <= MAX_PITCH; lag += 2) {
            long corr = 0;
            long energy = 1;
            for (int i = end - window; i < end; i++) {
                int delayed = history[i - lag];
                corr += history[i] * delayed;
                energy += delayed * delayed;
            }
            if (corr <= 0) {
                continue;
            }
            // corr^2 / energy, compared without division overflow via doubles (rare path: only on loss).
            long score = (long) ((double) corr * corr / energy);
            if (score > bestScore) {
                bestScore = score;
                best = lag;
            }
        }
        return best;
    }

    /** Samples concealed since the last real frame. */
    public int concealedSamples() {
        return concealedSamples;
    }

    public void reset() {
        java.util.Arrays.fill(history, (short) 0);
        haveHistory = false;
        concealedSamples = 0;
    }
}
