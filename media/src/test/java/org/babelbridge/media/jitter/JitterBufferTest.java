package org.babelbridge.media.jitter;

import static org.assertj.core.api.Assertions.assertThat;

import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.clock.ManualMediaClock;
import org.junit.jupiter.api.Test;

class JitterBufferTest {
    private static final int FRAME = AudioFormat.FRAME_SAMPLES;
    private final ManualMediaClock clock = new ManualMediaClock();
    private final short[] out = new short[FRAME];

    /** Frame {@code k} is a constant level k+1 (loud enough not to be silence), so playout is easy to follow. */
    private static short[] frame(int k) {
        short[] f = new short[FRAME];
        java.util.Arrays.fill(f, (short) (1000 + k));
        return f;
    }

    private void put(JitterBuffer buffer, int k) {
        buffer.put(50_000L + (long) k * FRAME, frame(k), 0, FRAME, clock.nanoTime(), false);
    }

    private int pullLevel(JitterBuffer buffer) {
        buffer.pull(out, 0);
        clock.advanceMillis(20);
        return out[FRAME / 2] - 1000;
    }

    @Test
    void playsAnOnTimeStreamAtTheNextTick() {
        JitterBuffer buffer = new JitterBuffer(JitterBufferConfig.of(20, 200));
        for (int k = 0; k < 10; k++) {
            put(buffer, k);
            assertThat(buffer.pull(out, 0)).isEqualTo(JitterBuffer.Frame.AUDIO);
            assertThat(out).containsOnly((short) (1000 + k));
            clock.advanceMillis(20);
        }
        assertThat(buffer.delayMs()).isEqualTo(20);
        assertThat(buffer.late()).isZero();
        assertThat(buffer.lost()).isZero();
    }

    @Test
    void reordersPacketsThatArriveWithinTheDelay() {
        JitterBuffer buffer = new JitterBuffer(JitterBufferConfig.of(40, 200));
        int[] arrival = {0, 2, 1, 3, 5, 4, 6, 7, -1, -1, -1};
        StringBuilder played = new StringBuilder();
        for (int k : arrival) {
            if (k >= 0) {
                put(buffer, k);
            }
            if (buffer.pull(out, 0) == JitterBuffer.Frame.AUDIO) {
                played.append(out[FRAME - 1] - 1000);
            }
            clock.advanceMillis(20);
        }

        assertThat(played.toString()).isEqualTo("01234567");
        assertThat(buffer.reordered()).isEqualTo(2);
        assertThat(buffer.late()).isZero();
    }

    @Test
    void concealsALostPacketAndCountsIt() {
        // packets 0..5 except 3, one per tick, with one frame of lead (40 ms delay)
        JitterBuffer timed = new JitterBuffer(JitterBufferConfig.of(40, 200));
        StringBuilder played = new StringBuilder();
        for (int k = 0; k < 8; k++) {
            if (k != 3 && k < 6) {
                put(timed, k);
            }
            JitterBuffer.Frame f = timed.pull(out, 0);
            played.append(f.name().charAt(0));
            clock.advanceMillis(20);
        }

        assertThat(played.toString()).startsWith("SAAACAA");
        assertThat(timed.lost()).isEqualTo(1);
        assertThat(timed.late()).isZero();
    }

    @Test
    void growsTheDelayWhenPacketsComeLate() {
        JitterBuffer buffer = new JitterBuffer(JitterBufferConfig.of(20, 200));
        put(buffer, 0);
        pullLevel(buffer);
        pullLevel(buffer); // tick for frame 1 passes before it arrives
        put(buffer, 1);

        assertThat(buffer.late()).isEqualTo(1);
        pullLevel(buffer); // the buffer holds the playout point for a frame
        assertThat(buffer.delayMs()).isEqualTo(40);
        assertThat(buffer.grows()).isEqualTo(1);
    }

    @Test
    void absorbsABurstAfterAStallWithoutExceedingTheMaximumDelay() {
        JitterBuffer buffer = new JitterBuffer(JitterBufferConfig.of(20, 100));
        int next = 0;
        for (int round = 0; round < 20; round++) {
            // the network stalls for 8 frames, then delivers them all at once
            for (int k = 0; k < 8; k++) {
                pullLevel(buffer);
            }
            for (int k = 0; k < 8; k++) {
                put(buffer, next++);
            }
        }

        pullLevel(buffer);

        assertThat(buffer.bufferedMs()).isLessThanOrEqualTo(100);
        assertThat(buffer.overflowDrops()).isPositive();
    }

    @Test
    void shrinksBackDuringSilenceOnceJitterSubsides() {
        JitterBuffer buffer = new JitterBuffer(JitterBufferConfig.of(20, 200));
        long position = 0;
        short[] silence = new short[FRAME];
        // a jittery start: packets come in pairs every 40 ms, so half of them are a frame late
        for (int k = 0; k < 50; k++) {
            buffer.pull(out, 0);
            clock.advanceMillis(20);
            buffer.pull(out, 0);
            clock.advanceMillis(20);
            for (int pair = 0; pair < 2; pair++) {
                buffer.put(position, silence, 0, FRAME, clock.nanoTime(), false);
                position += FRAME;
            }
        }
        int grown = buffer.delayMs();
        assertThat(grown).isGreaterThan(20);
        // then a long calm, silent stream delivered early relative to playout
        for (int k = 0; k < 600; k++) {
            buffer.put(position, silence, 0, FRAME, clock.nanoTime(), false);
            position += FRAME;
            buffer.pull(out, 0);
            clock.advanceMillis(20);
        }

        assertThat(buffer.delayMs()).isLessThan(grown);
        assertThat(buffer.shrinks()).isPositive();
    }

    @Test
    void aStallInContinuousSpeechDoesNotLeaveTheDelayHighForTheRestOfTheCall() {
        JitterBuffer buffer = new JitterBuffer(JitterBufferConfig.of(20, 200));
        int next = 0;
        // Scripted arrivals: speech with no pause at all, on time for 2 s ...
        for (int k = 0; k < 100; k++) {
            put(buffer, next++);
            pullLevel(buffer);
        }
        assertThat(buffer.delayMs()).isEqualTo(20);
        // ... then the network (or the sender's scheduler) stalls for 180 ms and delivers the backlog at once
        for (int k = 0; k < 9; k++) {
            pullLevel(buffer);
        }
        for (int k = 0; k < 9; k++) {
            put(buffer, next++);
        }
        // ... and the stream goes on on time; the late packets grow the delay
        int highest = 0;
        int ticksToRecover = -1;
        for (int k = 0; k < 500 && ticksToRecover < 0; k++) {
            put(buffer, next++);
            pullLevel(buffer);
            highest = Math.max(highest, buffer.delayMs());
            if (highest >= 100 && buffer.delayMs() <= 40) {
                ticksToRecover = k;
            }
        }

        assertThat(highest).isGreaterThanOrEqualTo(100);
        assertThat(ticksToRecover).as("ticks until the delay is back to <= 40 ms").isBetween(0, 300);
        assertThat(buffer.shrinks()).isPositive();
        // Once back at the minimum, every frame played is the next one in order.
        for (int k = 0; k < 100; k++) {
            pullLevelAfterPut(buffer, next++);
        }
        long shrinks = buffer.shrinks();
        int previous = pullLevelAfterPut(buffer, next++);
        for (int k = 0; k < 50; k++) {
            int level = pullLevelAfterPut(buffer, next++);
            assertThat(level).isEqualTo(previous + 1);
            previous = level;
        }
        assertThat(buffer.shrinks()).isEqualTo(shrinks);
        assertThat(buffer.delayMs()).isEqualTo(20);
    }

    @Test
    void keepsTheDelayWhileMeasuredJitterStillNeedsIt() {
        JitterBuffer buffer = new JitterBuffer(JitterBufferConfig.of(20, 200));
        // Scripted arrivals of continuous speech: packet k is due at 20k ms, odd packets come 30 ms late.
        int next = 0;
        long lateAfterSettling = 0;
        for (int tick = 0; tick < 1000; tick++) {
            long now = tick * 20L;
            while (20L * next + (next % 2) * 30L <= now) {
                put(buffer, next++);
            }
            if (tick == 200) {
                lateAfterSettling = buffer.late();
            }
            pullLevel(buffer);
        }

        assertThat(buffer.late()).as("late packets in the first 4 s").isPositive();
        assertThat(buffer.late() - lateAfterSettling).as("late packets once settled").isZero();
        assertThat(buffer.delayMs()).isGreaterThanOrEqualTo(40);
    }

    private int pullLevelAfterPut(JitterBuffer buffer, int k) {
        put(buffer, k);
        return pullLevel(buffer);
    }

    @Test
    void growthForMeasuredJitterWaitsForSilenceInsteadOfStretchingSpeech() {
        JitterBuffer buffer = new JitterBuffer(JitterBufferConfig.of(60, 200));
        long position = 0;
        short[] silence = new short[FRAME];
        for (int k = 0; k < 100; k++) {
            // every other packet 15 ms late: never too late for a 60 ms buffer, but plenty of jitter
            long arrival = clock.nanoTime() + (k % 2) * 15_000_000L;
            buffer.put(position, frame(k), 0, FRAME, arrival, false);
            position += FRAME;
            buffer.pull(out, 0);
            clock.advanceMillis(20);
        }
        assertThat(buffer.jitterMs()).isGreaterThan(7);
        assertThat(buffer.late()).isZero();
        assertThat(buffer.grows()).isZero();

        for (int k = 0; k < 5; k++) {
            buffer.put(position, silence, 0, FRAME, clock.nanoTime() + (k % 2) * 15_000_000L, false);
            position += FRAME;
            buffer.pull(out, 0);
            clock.advanceMillis(20);
        }
        assertThat(buffer.grows()).isPositive();
    }

    @Test
    void concealmentContinuesAVoicedSignalAndThenFadesToSilence() {
        JitterBuffer buffer = new JitterBuffer(JitterBufferConfig.of(20, 200));
        double hz = 200;
        long position = 0;
        for (int k = 0; k < 5; k++) {
            short[] f = new short[FRAME];
            for (int i = 0; i < FRAME; i++) {
                f[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * (position + i) / 16000));
            }
            buffer.put(position, f, 0, FRAME, clock.nanoTime(), false);
            buffer.pull(out, 0);
            clock.advanceMillis(20);
            position += FRAME;
        }
        // the next frame never comes, but a later one already did
        short[] later = new short[FRAME];
        buffer.put(position + 3L * FRAME, later, 0, FRAME, clock.nanoTime(), false);

        assertThat(buffer.pull(out, 0)).isEqualTo(JitterBuffer.Frame.CONCEALED);
        double dot = 0;
        double e1 = 0;
        double e2 = 0;
        for (int i = 0; i < FRAME / 2; i++) {
            double expected = Math.sin(2 * Math.PI * hz * (position + i) / 16000);
            dot += expected * out[i];
            e1 += expected * expected;
            e2 += (double) out[i] * out[i];
        }
        assertThat(dot / Math.sqrt(e1 * e2)).isGreaterThan(0.9);
        buffer.pull(out, 0);
        buffer.pull(out, 0);
        assertThat(buffer.concealed()).isEqualTo(3);
        assertThat(buffer.lost()).isEqualTo(3);
        assertThat(out[FRAME - 1]).isBetween((short) -50, (short) 50);
    }

    @Test
    void restartsOnAFarTimelineJump() {
        JitterBuffer buffer = new JitterBuffer(JitterBufferConfig.of(20, 200));
        put(buffer, 0);
        pullLevel(buffer);

        buffer.put(9_000_000L, frame(7), 0, FRAME, clock.nanoTime(), false);

        assertThat(buffer.resyncs()).isEqualTo(1);
        assertThat(pullLevel(buffer)).isEqualTo(7);
    }

    @Test
    void aLateTalkspurtStartRestartsTheTimelineInsteadOfBeingDropped() {
        JitterBuffer buffer = new JitterBuffer(JitterBufferConfig.of(20, 200));
        put(buffer, 0);
        pullLevel(buffer);
        for (int i = 0; i < 5; i++) {
            pullLevel(buffer); // the sender paused without advancing its timestamps
        }

        buffer.put(50_000L + FRAME, frame(1), 0, FRAME, clock.nanoTime(), true);

        assertThat(buffer.late()).isZero();
        assertThat(pullLevel(buffer)).isEqualTo(1);
    }

    @Test
    void playsSilenceWhenNothingWasEverReceivedAndAfterTheStreamStops() {
        JitterBuffer buffer = new JitterBuffer(JitterBufferConfig.of(20, 200));
        assertThat(buffer.pull(out, 0)).isEqualTo(JitterBuffer.Frame.SILENCE);
        put(buffer, 0);
        buffer.pull(out, 0);
        JitterBuffer.Frame last = null;
        for (int i = 0; i < 5; i++) {
            last = buffer.pull(out, 0);
        }
        assertThat(last).isEqualTo(JitterBuffer.Frame.SILENCE);
        assertThat(out).containsOnly((short) 0);
        assertThat(buffer.lost()).isZero();
    }
}
