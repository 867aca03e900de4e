package org.babelbridge.media.mix;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.codec.G722Codec;
import org.babelbridge.media.codec.PcmuCodec;
import org.babelbridge.media.resample.HalfBandResampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds per 20 ms frame to build one listener's audio in a 4-party call (three other speakers,
 * one of them dubbed with queued speech and its original ducked) and encode it: the mix alone, mix +
 * PCMU (with the 16 to 8 kHz half-band step), mix + G.722; and the all-G.711 case (three passthrough
 * speakers, nothing dubbed) mixed at 8 kHz and encoded to PCMU with no resampling, and the same with
 * dubbed speech queued with its 8 kHz copy.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MixEncodeBenchmark {
    private static final int FRAME = AudioFormat.FRAME_SAMPLES;
    private final short[][] frames = new short[4][FRAME];
    private final short[] out = new short[FRAME];
    private final short[] narrow = new short[FRAME];
    private final byte[] payload = new byte[FRAME];
    private final short[] dubbedChunk = new short[FRAME * 50];
    private ListenerMixer mixer;
    private ListenerMixer passthroughMixer;
    private ListenerMixer narrowDubbedMixer;
    private final short[] dubbedChunk8k = new short[FRAME * 25];
    private final short[] narrowOut = new short[ListenerMixer.NARROWBAND_FRAME];
    private final PcmuCodec pcmu = new PcmuCodec();
    private final G722Codec g722 = new G722Codec();
    private final HalfBandResampler down = HalfBandResampler.downsampler();

    @Setup
    public void setUp() {
        Random random = new Random(3);
        for (short[] f : frames) {
            for (int i = 0; i < FRAME; i++) {
                f[i] = (short) (random.nextGaussian() * 3000);
            }
        }
        mixer = new ListenerMixer(0, 4, MixerConfig.defaults());
        mixer.setRoute(2, Route.DUBBED);
        passthroughMixer = new ListenerMixer(0, 4, MixerConfig.defaults());
        narrowDubbedMixer = new ListenerMixer(0, 4, MixerConfig.defaults());
        narrowDubbedMixer.setRoute(2, Route.DUBBED);
        DubbedDownsampler copies = new DubbedDownsampler();
        for (int i = 0; i < dubbedChunk.length; i++) {
            dubbedChunk[i] = (short) (random.nextGaussian() * 3000);
        }
        short[] copy = copies.toNarrowband("speaker", dubbedChunk);
        System.arraycopy(copy, 0, dubbedChunk8k, 0, Math.min(copy.length, dubbedChunk8k.length));
    }

    private void keepDubbedSpeechQueued() {
        if (mixer.queuedSamples() < FRAME) {
            mixer.queue(2, dubbedChunk); // one second at a time, as TTS hands it over
        }
    }

    @Benchmark
    public short[] mix4() {
        keepDubbedSpeechQueued();
        mixer.mix(frames, out);
        return out;
    }

    @Benchmark
    public byte[] mix4EncodePcmu() {
        keepDubbedSpeechQueued();
        mixer.mix(frames, out);
        int samples = down.process(out, 0, FRAME, narrow, 0);
        pcmu.encode(narrow, 0, samples, payload, 0);
        return payload;
    }

    @Benchmark
    public byte[] mix4EncodeG722() {
        keepDubbedSpeechQueued();
        mixer.mix(frames, out);
        g722.encode(out, 0, FRAME, payload, 0);
        return payload;
    }

    /** The same call for a G.711 listener with dubbed speech queued: its 8 kHz copy mixed at 8 kHz, no filter. */
    @Benchmark
    public byte[] mix4EncodePcmuNarrowbandDubbed() {
        if (narrowDubbedMixer.queuedSamples() < FRAME) {
            narrowDubbedMixer.queue(2, dubbedChunk, dubbedChunk8k);
        }
        narrowDubbedMixer.mixNarrowband(frames, narrowOut);
        pcmu.encode(narrowOut, 0, narrowOut.length, payload, 0);
        return payload;
    }

    @Benchmark
    public byte[] mix4EncodePcmuNarrowband() {
        passthroughMixer.mixNarrowband(frames, narrowOut);
        pcmu.encode(narrowOut, 0, narrowOut.length, payload, 0);
        return payload;
    }
}
