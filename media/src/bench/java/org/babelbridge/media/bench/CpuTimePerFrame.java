package org.babelbridge.media.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.codec.G722Codec;
import org.babelbridge.media.codec.PcmuCodec;
import org.babelbridge.media.resample.HalfBandResampler;
import org.babelbridge.media.resample.Resampler;
import org.babelbridge.media.vad.Endpointer;
import org.babelbridge.media.vad.EndpointerConfig;

/**
 * CPU time (not wall time) per 20 ms frame of each DSP stage, from the thread's CPU clock. On a
 * shared, overloaded machine JMH's wall-clock scores mostly measure waiting for a core; the thread's
 * own CPU time is what a stage costs. Run: {@code java -cp media/target/benchmarks.jar
 * org.babelbridge.media.bench.CpuTimePerFrame [stage name part]}
 */
public final class CpuTimePerFrame {
    private static final int WARMUP_FRAMES = 30_000;
    private static final int MEASURED_FRAMES = 20_000;
    private static volatile long sink;

    private CpuTimePerFrame() {
    }

    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Runnable> stages = new LinkedHashMap<>();
        Random random = new Random(1);
        short[] wideband = new short[AudioFormat.FRAME_SAMPLES];
        for (int i = 0; i < wideband.length; i++) {
            double t = i / 16000.0;
            wideband[i] = (short) (6000 * Math.sin(2 * Math.PI * 220 * t) + 2000 * Math.sin(2 * Math.PI * 1870 * t)
                    + random.nextGaussian() * 500);
        }
        short[] narrowband = new short[160];
        for (int i = 0; i < 160; i++) {
            narrowband[i] = wideband[2 * i];
        }
        byte[] pcmuPayload = new byte[160];
        new PcmuCodec().encode(narrowband, 0, 160, pcmuPayload, 0);
        byte[] g722Payload = new byte[160];
        new G722Codec().encode(wideband, 0, 320, g722Payload, 0);
        short[] pcmOut = new short[1024];
        byte[] byteOut = new byte[320];

        PcmuCodec pcmu = new PcmuCodec();
        G722Codec g722Decoder = new G722Codec();
        G722Codec g722Encoder = new G722Codec();
        stages.put("decode PCMU (160 B -> 160 samples)", () -> pcmu.decode(pcmuPayload, 0, 160, pcmOut, 0));
        stages.put("encode PCMU (160 samples -> 160 B)", () -> pcmu.encode(narrowband, 0, 160, byteOut, 0));
        stages.put("decode G.722 (160 B -> 320 samples)", () -> g722Decoder.decode(g722Payload, 0, 160, pcmOut, 0));
        stages.put("encode G.722 (320 samples -> 160 B)", () -> g722Encoder.encode(wideband, 0, 320, byteOut, 0));
        for (int[] rates : new int[][] {{8000, 16000}, {16000, 8000}, {24000, 16000}, {22050, 16000}, {48000, 16000}}) {
            Resampler resampler = new Resampler(rates[0], rates[1]);
            short[] frame = new short[rates[0] / 50];
            for (int i = 0; i < frame.length; i++) {
                frame[i] = (short) random.nextInt(-8000, 8000);
            }
            stages.put("resample " + rates[0] + " -> " + rates[1],
                    () -> resampler.process(frame, 0, frame.length, pcmOut, 0));
        }
        HalfBandResampler halfBandUp = HalfBandResampler.upsampler();
        HalfBandResampler halfBandDown = HalfBandResampler.downsampler();
        stages.put("half-band 8000 -> 16000", () -> halfBandUp.process(narrowband, 0, 160, pcmOut, 0));
        stages.put("half-band 16000 -> 8000", () -> halfBandDown.process(wideband, 0, 320, pcmOut, 0));
        short[] noise = new short[150 * AudioFormat.FRAME_SAMPLES];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (short) (random.nextGaussian() * 30);
        }
        Endpointer endpointer = new Endpointer("bench", EndpointerConfig.defaults(), u -> sink += u.pcm().length);
        int[] frameIndex = {0};
        stages.put("endpointer, line noise", () -> {
            endpointer.onFrame(noise, frameIndex[0] * AudioFormat.FRAME_SAMPLES, 0);
            frameIndex[0] = (frameIndex[0] + 1) % 150;
        });

        System.out.printf("%-40s %12s%n", "stage", "CPU ns/frame");
        String only = args.length > 0 ? args[0] : "";
        for (Map.Entry<String, Runnable> stage : stages.entrySet()) {
            if (!stage.getKey().contains(only)) {
                continue;
            }
            Runnable operation = stage.getValue();
            for (int i = 0; i < WARMUP_FRAMES; i++) {
                operation.run();
            }
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < MEASURED_FRAMES; i++) {
                    operation.run();
                }
                best = Math.min(best, (threads.getCurrentThreadCpuTime() - start) / MEASURED_FRAMES);
            }
            sink += pcmOut[0] + byteOut[0];
            System.out.printf("%-40s %12d%n", stage.getKey(), best);
        }
    }
}
