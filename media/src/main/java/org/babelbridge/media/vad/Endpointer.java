package org.babelbridge.media.vad;

import java.util.Arrays;
import java.util.Objects;
import org.babelbridge.media.AudioFormat;

/**
 * Finds utterances in one speaker's 16 kHz audio, one 20 ms frame at a time, and hands each finished
 * utterance (its original PCM, start and end on the call clock) to an {@link UtteranceListener}.
 *
 * <p>Speech is a run of frames whose level (after a 120 Hz high-pass that removes mains hum and DC)
 * stands {@code startThresholdDb} above an adaptive noise floor; it continues while frames stay
 * {@code continueThresholdDb} above it, and ends after {@code endOfSpeechSilenceMs} without speech.
 * The floor falls quickly and rises slowly on non-speech frames; if no frame in the last 3 s came
 * near the floor, the line got noisier and the floor jumps to the quietest recent level, so steady
 * line noise never holds an utterance open for long.
 *
 * <p>Single-threaded: call {@link #onFrame} from the leg's media thread. It does not allocate except
 * to copy out an utterance when one is emitted; the listener is called on that thread and must not block.
 */
public final class Endpointer {
    private static final int FRAME = AudioFormat.FRAME_SAMPLES;
    private static final double INITIAL_NOISE_FLOOR_CAP_DBFS = -45.0;
    private static final double SILENCE_DBFS = -100.0;
    private static final double FLOOR_FALL_RATE = 0.2;
    private static final double FLOOR_RISE_RATE = 0.02;
    private static final int MIN_TRACKER_BLOCK_FRAMES = 25;
    private static final int MIN_TRACKER_BLOCKS = 6;
    private static final double HIGH_PASS_HZ = 120.0;

    private final String speakerId;
    private final UtteranceListener listener;
    private final EndpointerConfig config;
    private final int endSilenceFrames;
    private final int hangoverFrames;
    private final int preRollFrames;
    private final int startFrames;
    private final int minSpeechFrames;
    private final int maxFrames;
    private final int pauseNoticeFrames;

    // Second-order Butterworth high-pass, direct form I.
    private final double b0;
    private final double b1;
    private final double b2;
    private final double a1;
    private final double a2;
    private double x1;
    private double x2;
    private double y1;
    private double y2;

    /** The most recent frames, kept for the pre-roll of the next utterance. */
    private final short[] recent;
    private final long[] recentStartMs;
    private int recentNext;
    private int recentCount;

    private final short[] utterance;
    private long utteranceStartMs;
    private int utteranceFrames;
    private int voicedFrames;
    private int lastSpeechFrame;
    private boolean inSpeech;
    private int onsetRun;
    private double onsetPeakDbfs;
    private double utterancePeakDbfs;
    /** The utterance offered at the current pause; emitted as is if the pause becomes its end. */
    private Utterance offeredAtPause;

    private boolean floorInitialised;
    private double noiseFloorDbfs;
    private final double[] blockMinimumDbfs = new double[MIN_TRACKER_BLOCKS];
    private int blockIndex;
    private int framesInBlock;
    private int completedBlocks;

    private long utterancesEmitted;
    private long utterancesDropped;

    public Endpointer(String speakerId, EndpointerConfig config, UtteranceListener listener) {
        this.speakerId = Objects.requireNonNull(speakerId, "speakerId");
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.endSilenceFrames = frames(config.endOfSpeechSilenceMs());
        this.hangoverFrames = frames(config.hangoverMs());
        this.preRollFrames = frames(config.preRollMs());
        this.startFrames = frames(config.speechStartMs());
        this.minSpeechFrames = frames(config.minSpeechMs());
        this.maxFrames = Math.max(frames(config.maxUtteranceMs()), preRollFrames + startFrames + 1);
        this.pauseNoticeFrames = frames(config.pauseNoticeMs());
        this.recent = new short[(preRollFrames + startFrames) * FRAME];
        this.recentStartMs = new long[preRollFrames + startFrames];
        this.utterance = new short[maxFrames * FRAME];

        double w0 = 2 * Math.PI * HIGH_PASS_HZ / AudioFormat.SAMPLE_RATE_HZ;
        double alpha = Math.sin(w0) / (2 * Math.sqrt(0.5));
        double cos = Math.cos(w0);
        double a0 = 1 + alpha;
        this.b0 = (1 + cos) / 2 / a0;
        this.b1 = -(1 + cos) / a0;
        this.b2 = (1 + cos) / 2 / a0;
        this.a1 = -2 * cos / a0;
        this.a2 = (1 - alpha) / a0;
        Arrays.fill(blockMinimumDbfs, Double.MAX_VALUE);
    }

    /**
     * Feeds one 20 ms frame ({@link AudioFormat#FRAME_SAMPLES} samples from {@code offset}) that
     * starts at {@code frameStartMs} on the call clock. The frame is copied; the caller keeps it.
     */
    public void onFrame(short[] pcm, int offset, long frameStartMs) {
        double levelDbfs = filteredLevelDbfs(pcm, offset);
        trackMinimum(levelDbfs);
        if (!floorInitialised) {
            noiseFloorDbfs = Math.min(levelDbfs, INITIAL_NOISE_FLOOR_CAP_DBFS);
            floorInitialised = true;
        }
        boolean loudEnoughToStart = levelDbfs >= Math.max(noiseFloorDbfs + config.startThresholdDb(),
                config.minSpeechLevelDbfs());
        boolean loudEnoughToContinue = levelDbfs >= Math.max(noiseFloorDbfs + config.continueThresholdDb(),
                config.minSpeechLevelDbfs());
        remember(pcm, offset, frameStartMs);

        if (!inSpeech) {
            onsetRun = loudEnoughToStart ? onsetRun + 1 : 0;
            onsetPeakDbfs = onsetRun == 1 ? levelDbfs : Math.max(onsetPeakDbfs, levelDbfs);
            if (!loudEnoughToStart) {
                adaptFloor(levelDbfs);
            }
            if (onsetRun >= startFrames) {
                beginUtterance();
            }
        } else {
            System.arraycopy(pcm, offset, utterance, utteranceFrames * FRAME, FRAME);
            utteranceFrames++;
            if (loudEnoughToContinue && levelDbfs >= utterancePeakDbfs - config.tailBelowPeakDb()) {
                utterancePeakDbfs = Math.max(utterancePeakDbfs, levelDbfs);
                voicedFrames++;
                lastSpeechFrame = utteranceFrames - 1;
                offeredAtPause = null; // the speaker went on: what was offered is stale
            } else {
                adaptFloor(levelDbfs);
            }
            int silentFrames = utteranceFrames - 1 - lastSpeechFrame;
            if (silentFrames >= endSilenceFrames) {
                finishUtterance(lastSpeechFrame + 1 + hangoverFrames);
                inSpeech = false;
                onsetRun = 0;
            } else if (utteranceFrames >= maxFrames) {
                // Too long for one piece: hand it over and go on with a fresh utterance.
                finishUtterance(utteranceFrames);
                utteranceStartMs = frameStartMs + AudioFormat.FRAME_MS;
                utteranceFrames = 0;
                voicedFrames = 0;
                lastSpeechFrame = -1;
            } else if (silentFrames == pauseNoticeFrames && pauseNoticeFrames > 0) {
                offerAtPause();
            }
        }
        unstickFloorAfterNoiseRise();
    }

    /** Ends the stream (call over): emits a pending utterance if it holds enough speech, then resets. */
    public void flush() {
        if (inSpeech) {
            finishUtterance(Math.min(utteranceFrames, lastSpeechFrame + 1 + hangoverFrames));
        }
        reset();
    }

    /** Forgets all state, including the noise floor, without emitting anything. */
    public void reset() {
        inSpeech = false;
        offeredAtPause = null;
        onsetRun = 0;
        utteranceFrames = 0;
        voicedFrames = 0;
        recentCount = 0;
        recentNext = 0;
        floorInitialised = false;
        x1 = x2 = y1 = y2 = 0;
        Arrays.fill(blockMinimumDbfs, Double.MAX_VALUE);
        blockIndex = 0;
        framesInBlock = 0;
        completedBlocks = 0;
    }

    public boolean inSpeech() {
        return inSpeech;
    }

    public double noiseFloorDbfs() {
        return noiseFloorDbfs;
    }

    public long utterancesEmitted() {
        return utterancesEmitted;
    }

    /** Utterances discarded for holding less than {@code minSpeechMs} of speech. */
    public long utterancesDropped() {
        return utterancesDropped;
    }

    private void beginUtterance() {
        inSpeech = true;
        utterancePeakDbfs = onsetPeakDbfs;
        int frames = Math.min(recentCount, preRollFrames + startFrames);
        int capacity = recentStartMs.length;
        int first = Math.floorMod(recentNext - frames, capacity);
        for (int i = 0; i < frames; i++) {
            int slot = (first + i) % capacity;
            System.arraycopy(recent, slot * FRAME, utterance, i * FRAME, FRAME);
        }
        utteranceStartMs = recentStartMs[first];
        utteranceFrames = frames;
        voicedFrames = startFrames;
        lastSpeechFrame = frames - 1;
    }

    private void finishUtterance(int frames) {
        Utterance offered = offeredAtPause;
        offeredAtPause = null;
        if (voicedFrames < minSpeechFrames || frames <= 0) {
            utterancesDropped++;
            return;
        }
        utterancesEmitted++;
        if (offered != null && offered.pcm().length == frames * FRAME) {
            listener.onUtterance(offered);
        } else {
            listener.onUtterance(copyOfUtterance(frames));
        }
    }

    private void offerAtPause() {
        int frames = lastSpeechFrame + 1 + hangoverFrames;
        if (voicedFrames < minSpeechFrames || frames > utteranceFrames) {
            return;
        }
        offeredAtPause = copyOfUtterance(frames);
        listener.onPause(offeredAtPause);
    }

    private Utterance copyOfUtterance(int frames) {
        short[] pcm = Arrays.copyOf(utterance, frames * FRAME);
        return new Utterance(speakerId, pcm, utteranceStartMs, utteranceStartMs + (long) frames * AudioFormat.FRAME_MS);
    }

    private void remember(short[] pcm, int offset, long frameStartMs) {
        if (recentStartMs.length == 0) {
            return;
        }
        System.arraycopy(pcm, offset, recent, recentNext * FRAME, FRAME);
        recentStartMs[recentNext] = frameStartMs;
        recentNext = (recentNext + 1) % recentStartMs.length;
        recentCount = Math.min(recentCount + 1, recentStartMs.length);
    }

    private double filteredLevelDbfs(short[] pcm, int offset) {
        double energy = 0;
        for (int i = 0; i < FRAME; i++) {
            double x = pcm[offset + i];
            double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = x;
            y2 = y1;
            y1 = y;
            energy += y * y;
        }
        double meanSquare = energy / FRAME / (32768.0 * 32768.0);
        return meanSquare <= 1e-10 ? SILENCE_DBFS : 10 * Math.log10(meanSquare);
    }

    private void adaptFloor(double levelDbfs) {
        double rate = levelDbfs < noiseFloorDbfs ? FLOOR_FALL_RATE : FLOOR_RISE_RATE;
        noiseFloorDbfs += rate * (levelDbfs - noiseFloorDbfs);
    }

    private void trackMinimum(double levelDbfs) {
        blockMinimumDbfs[blockIndex] = Math.min(blockMinimumDbfs[blockIndex], levelDbfs);
        if (++framesInBlock == MIN_TRACKER_BLOCK_FRAMES) {
            framesInBlock = 0;
            blockIndex = (blockIndex + 1) % MIN_TRACKER_BLOCKS;
            blockMinimumDbfs[blockIndex] = Double.MAX_VALUE;
            completedBlocks = Math.min(completedBlocks + 1, MIN_TRACKER_BLOCKS);
        }
    }

    private void unstickFloorAfterNoiseRise() {
        if (completedBlocks < MIN_TRACKER_BLOCKS - 1) {
            return;
        }
        double minimum = Double.MAX_VALUE;
        for (double blockMinimum : blockMinimumDbfs) {
            minimum = Math.min(minimum, blockMinimum);
        }
        if (minimum - noiseFloorDbfs > config.startThresholdDb()) {
            noiseFloorDbfs = minimum;
        }
    }

    private static int frames(int millis) {
        return (millis + AudioFormat.FRAME_MS - 1) / AudioFormat.FRAME_MS;
    }
}
