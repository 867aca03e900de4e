package org.babelbridge.media.jitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.babelbridge.media.AudioFormat;
import org.junit.jupiter.api.Test;

/**
 * A leg under packet loss, reordering and jitter, injected by the test's sender on a virtual network
 * clock: recorded speech (sox-converted Asterisk prompt) goes out in 20 ms packets, each delayed by a
 * random 0-60 ms (so packets overtake each other), 5 % dropped, and the listener side pulls a frame
 * every 20 ms. What the listener hears must stay close to what was sent, and the playout delay must
 * settle instead of growing without bound.
 */
class NetworkImpairmentTest {

    private static final int FRAME = AudioFormat.FRAME_SAMPLES;
    private static final long FRAME_NS = TimeUnit.MILLISECONDS.toNanos(AudioFormat.FRAME_MS);
    private static final int WINDOW = FRAME * 10; // 200 ms

    @Test
    void speechStaysIntelligibleAndDelayStaysBoundedUnderLossReorderingAndJitter() throws Exception {
        short[] speech = repeat(prompt16k("/usr/share/asterisk/sounds/en/demo-congrats.wav"), 3);
        Random network = new Random(42);
        record Packet(int index, long arrivalNs) {
        }
        List<Packet> packets = new ArrayList<>();
        int frames = speech.length / FRAME;
        int dropped = 0;
        for (int k = 0; k < frames; k++) {
            if (network.nextDouble() < 0.05) {
                dropped++;
                continue;
            }
            long jitterNs = TimeUnit.MICROSECONDS.toNanos(network.nextInt(60_000));
            packets.add(new Packet(k, k * FRAME_NS + TimeUnit.MILLISECONDS.toNanos(5) + jitterNs));
        }
        packets.sort(Comparator.comparingLong(Packet::arrivalNs));
        long overtaken = 0;
        for (int i = 1; i < packets.size(); i++) {
            if (packets.get(i).index() < packets.get(i - 1).index()) {
                overtaken++;
            }
        }

        JitterBuffer buffer = new JitterBuffer(JitterBufferConfig.of(20, 200));
        short[] heard = new short[frames * FRAME + 40 * FRAME];
        int[] delayMsPerFrame = new int[heard.length / FRAME];
        int next = 0;
        for (int tick = 0; tick < delayMsPerFrame.length; tick++) {
            long now = tick * FRAME_NS + FRAME_NS;
            while (next < packets.size() && packets.get(next).arrivalNs() <= now) {
                Packet p = packets.get(next++);
                buffer.put((long) p.index() * FRAME, speech, p.index() * FRAME, FRAME, p.arrivalNs(), p.index() == 0);
            }
            buffer.pull(heard, tick * FRAME);
            delayMsPerFrame[tick] = buffer.delayMs();
        }

        assertThat(overtaken).as("the sender reorders packets").isGreaterThan(frames / 10);
        assertThat(dropped).as("the sender drops packets").isGreaterThan(frames / 40);
        assertThat(buffer.lost() + buffer.late()).isPositive();
        // Intelligibility: for each 200 ms window of speech, the best-aligned normalised correlation of
        // what is heard with what was sent. Losing 1 frame in 20 and concealing it costs ~0.05 on
        // average; a delay step inside a window costs a little more. 0.8 leaves that room, while a
        // stream that dropped, shuffled or silenced audio scores far lower (shuffled 20 ms frames of
        // speech correlate < 0.3).
        double intelligibility = meanWindowCorrelation(speech, heard, 30 * FRAME);
        assertThat(intelligibility).isGreaterThan(0.8);
        // No unbounded latency growth: the delay settles within the bound and is no higher at the
        // end than it needed to be early on, though the impairment never stops.
        int third = frames / 3;
        int earlyMax = max(delayMsPerFrame, 0, third);
        int lateMax = max(delayMsPerFrame, 2 * third, frames);
        assertThat(lateMax).isLessThanOrEqualTo(Math.max(earlyMax, 100)).isLessThanOrEqualTo(200);
        System.out.printf("impairment: %d frames, %d dropped, %d overtaken; intelligibility %.3f; delay early max %d ms,"
                + " late max %d ms; buffer lost %d late %d concealed %d%n", frames, dropped, overtaken, intelligibility,
                earlyMax, lateMax, buffer.lost(), buffer.late(), buffer.concealed());
    }

    @Test
    void theIntelligibilityMeasureRejectsShuffledAudio() throws Exception {
        short[] speech = prompt16k("/usr/share/asterisk/sounds/en/demo-congrats.wav");
        short[] shuffled = new short[speech.length];
        int frames = speech.length / FRAME;
        Random random = new Random(7);
        for (int k = 0; k < frames; k++) {
            int from = random.nextInt(frames);
            System.arraycopy(speech, from * FRAME, shuffled, k * FRAME, FRAME);
        }
        assertThat(meanWindowCorrelation(speech, shuffled, 30 * FRAME)).isLessThan(0.5);
        assertThat(meanWindowCorrelation(speech, speech, 30 * FRAME)).isGreaterThan(0.99);
    }

    /** Mean over voiced 200 ms windows of the best normalised correlation within {@code maxLag} samples. */
    private static double meanWindowCorrelation(short[] sent, short[] heard, int maxLag) {
        double sum = 0;
        int windows = 0;
        for (int start = 0; start + WINDOW <= sent.length; start += WINDOW) {
            double energy = 0;
            for (int i = start; i < start + WINDOW; i++) {
                energy += (double) sent[i] * sent[i];
            }
            if (Math.sqrt(energy / WINDOW) < 300) {
                continue; // silence says nothing about intelligibility
            }
            double best = 0;
            for (int lag = 0; lag <= maxLag; lag += 2) {
                if (start + lag + WINDOW > heard.length) {
                    break;
                }
                double cross = 0;
                double heardEnergy = 0;
                for (int i = 0; i < WINDOW; i++) {
                    double h = heard[start + lag + i];
                    cross += sent[start + i] * h;
                    heardEnergy += h * h;
                }
                if (heardEnergy > 0) {
                    best = Math.max(best, cross / Math.sqrt(energy * heardEnergy));
                }
            }
            sum += best;
            windows++;
        }
        assertThat(windows).as("voiced windows").isGreaterThan(5);
        return sum / windows;
    }

    private static int max(int[] values, int from, int to) {
        int max = 0;
        for (int i = from; i < to; i++) {
            max = Math.max(max, values[i]);
        }
        return max;
    }

    private static short[] repeat(short[] pcm, int times) {
        short[] out = new short[pcm.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(pcm, 0, out, i * pcm.length, pcm.length);
        }
        return out;
    }

    private static short[] prompt16k(String wav) throws IOException, InterruptedException {
        Process sox = new ProcessBuilder("sox", wav, "-r", "16000", "-t", "raw", "-e", "signed-integer", "-b", "16",
                "-c", "1", "-L", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] raw = sox.getInputStream().readAllBytes();
        assertThat(sox.waitFor()).as("sox exit status").isZero();
        short[] pcm = new short[raw.length / 2 / FRAME * FRAME];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
        return pcm;
    }
}
