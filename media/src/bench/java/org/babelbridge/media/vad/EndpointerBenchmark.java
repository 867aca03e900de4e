package org.babelbridge.media.vad;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.babelbridge.media.AudioFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Nanoseconds per 20 ms frame for the endpointer. "silence" is line noise only (the steady state of
 * a listening leg); "talk" alternates 2 s of speech-like audio and 1 s of noise, so the cost and the
 * allocation of emitting an utterance (its PCM copy) are amortised over the frames.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EndpointerBenchmark {
    private static final int FRAMES = 150;

    @Param({"silence", "talk"})
    public String signal;

    private short[] audio;
    private Endpointer endpointer;
    private int frame;
    private long clockMs;
    private Blackhole blackhole;

    @Setup
    public void setUp(Blackhole blackhole) {
        this.blackhole = blackhole;
        Random random = new Random(1);
        audio = new short[FRAMES * AudioFormat.FRAME_SAMPLES];
        for (int i = 0; i < audio.length; i++) {
            double t = i / 16000.0;
            boolean talking = signal.equals("talk") && i < 100 * AudioFormat.FRAME_SAMPLES;
            double voice = talking ? 3000 * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t))
                    * (Math.sin(2 * Math.PI * 150 * t) + 0.5 * Math.sin(2 * Math.PI * 450 * t)) : 0;
            audio[i] = (short) (voice + random.nextGaussian() * 30);
        }
        endpointer = new Endpointer("bench", EndpointerConfig.defaults(), u -> this.blackhole.consume(u));
    }

    @Benchmark
    public void onFrame() {
        endpointer.onFrame(audio, frame * AudioFormat.FRAME_SAMPLES, clockMs);
        frame = frame + 1 == FRAMES ? 0 : frame + 1;
        clockMs += AudioFormat.FRAME_MS;
    }
}
