package org.babelbridge.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.babelbridge.speech.pipeline.OfflineEngines;
import org.babelbridge.speech.pipeline.OfflineEnginesConfig;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code bench}: loopback calls of simulated phones through the media engine and the offline dubbing
 * pipeline, at each listed load per call size. Writes a Markdown report and a PNG CDF
 * of end-of-utterance to first dubbed audio. Every load listed runs, so the table shows where targets stop
 * holding. Options: {@code --parties 2,3,4 --mix en,ru,en,ru
 * --loads 1,2,4 --seconds 31 --out docs/benchmarks}.
 */
public final class Bench {

    private Bench() {
    }

    public static void run(String[] args) throws Exception {
        List<Integer> parties = ints(option(args, "--parties", "2,3,4"));
        List<String> mix = Arrays.asList(option(args, "--mix", "en,ru,en,ru").split(","));
        List<Integer> loads = ints(option(args, "--loads", "1,2,4"));
        int seconds = Integer.parseInt(option(args, "--seconds", "31"));
        Path out = Path.of(option(args, "--out", "docs/benchmarks"));
        for (String language : mix) {
            if (!List.of("en", "ru", "he").contains(language)) {
                throw new IllegalArgumentException("--mix: unknown language '" + language + "' (use en, ru, he)");
            }
        }
        if (seconds < LoopbackBench.SLOT_SECONDS + 2) {
            throw new IllegalArgumentException("--seconds: at least " + (int) (LoopbackBench.SLOT_SECONDS + 2));
        }
        Path work = Files.createTempDirectory("babel-bench");
        String loadBefore = loadAverage();
        List<BenchResult> results = new ArrayList<>();
        try (OfflineEngines engines = OfflineEngines.start(OfflineEnginesConfig.debianDefaults(work))) {
            LoopbackBench.run(2, 1, mix, 8, engines.engines(), 30000); // warm-up: JIT, recogniser, voices
            int portBase = 30100;
            for (int size : parties) {
                for (int load : loads) {
                    BenchResult r = LoopbackBench.run(size, load, mix, seconds, engines.engines(), portBase);
                    portBase += 200;
                    results.add(r);
                    System.out.println(row(r));
                }
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(out);
        Path plot = out.resolve("observe-latency-cdf.png");
        writePlot(results, plot);
        String command = "./run bench " + String.join(" ", args);
        String load = "load average " + loadBefore + " before, " + loadAverage() + " after";
        Files.writeString(out.resolve("observe.md"), report(results, command.trim(), plot.getFileName().toString(), load));
        System.out.println("wrote " + out.resolve("observe.md") + " and " + plot);
    }

    /** The 1-minute load average (other work on the machine competes with the bench), or "unknown". */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "unknown";
        }
    }

    static String report(List<BenchResult> results, String command, String plotName, String load) {
        StringBuilder md = new StringBuilder();
        md.append("# Loopback call benchmark (observe)\n\n");
        md.append("- Date: ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE))
                .append("\n- Machine: 2-core Debian 12 VM, shared, noisy (").append(Runtime.getRuntime()
                        .availableProcessors()).append(" CPUs visible, Java ").append(Runtime.version()).append("), ")
                .append(load).append("\n");
        md.append("- Commit: ").append(commit()).append("\n- Reproduce: `").append(command).append("`\n\n");
        md.append("Each run: N concurrent calls of 2-4 simulated phones sending PCMU RTP over loopback from recorded\n"
                + "prompts into media-engine legs, wired as the SIP front wires a call (PocketSphinx, phrase memory,\n"
                + "espeak-ng). English participants take turns speaking every 5 s; other-language listeners are timed\n"
                + "from the end of each prompt to the first loud audio they receive. Split medians: VAD = prompt end to\n"
                + "utterance handed to the pipeline; queue = waiting for the speaker's pipeline worker; STT final; MT;\n"
                + "TTS first audio; rest = mixing, jitter buffer, the phone's receive path. CPU: process = whole JVM\n"
                + "(speech engines and simulated phones included) per leg, media = media-clock tick work per leg, both\n"
                + "in % of one core. Targets: late <= 0.1 %, dubbed p95 <= 1.2 s.\n\n");
        md.append("| parties | calls | legs | mix | passthrough p50 / p99 ms | dubbed p50 / p95 ms (n, missed) "
                + "| VAD / queue / STT / MT / TTS / rest ms (median) | late % | jitter buffer avg / max ms "
                + "| CPU per leg % (process / media) | heap after GC MB | targets |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (BenchResult r : results) {
            md.append(row(r)).append('\n');
        }
        md.append("\nLargest load meeting both targets:\n\n");
        for (int parties : results.stream().map(BenchResult::parties).distinct().toList()) {
            int best = results.stream().filter(r -> r.parties() == parties && r.meetsTargets())
                    .mapToInt(BenchResult::calls).max().orElse(0);
            md.append(String.format(Locale.ROOT, "- %d-party calls: %s%n", parties,
                    best == 0 ? "none of the loads tried" : best + " concurrent call(s), " + best * parties + " legs"));
        }
        md.append("\n![End of utterance to first dubbed audio, CDF](").append(plotName).append(")\n");
        return md.toString();
    }

    static String row(BenchResult r) {
        return String.format(Locale.ROOT,
                "| %d | %d | %d | %s | %s | %s / %s (%d, %d) | %s / %s / %s / %s / %s / %s | %.3f | %.0f / %d | %.1f / %.2f "
                        + "| %.0f | %s |",
                r.parties(), r.calls(), r.legs(), r.languages(),
                r.passthroughSamples() == 0 ? "-" : String.format(Locale.ROOT, "%.1f / %.1f", r.passthroughP50Ms(),
                        r.passthroughP99Ms()),
                ms(r.dubbedPercentile(50)), ms(r.dubbedPercentile(95)), r.dubbed().size(), r.dubbedMissed(),
                ms(r.percentile(BenchResult.Dubbed::vadMs, 50)), ms(r.percentile(BenchResult.Dubbed::queueMs, 50)),
                ms(r.percentile(BenchResult.Dubbed::sttMs, 50)),
                ms(r.percentile(BenchResult.Dubbed::mtMs, 50)), ms(r.percentile(BenchResult.Dubbed::ttsMs, 50)),
                ms(r.percentile(BenchResult.Dubbed::restMs, 50)), r.latePercent(), r.jitterDepthAvgMs(),
                r.jitterDepthMaxMs(), r.processCpuPerLegPercent(), r.mediaCpuPerLegPercent(), r.heapAfterGcMb(),
                r.meetsTargets() ? "met" : "missed");
    }

    static void writePlot(List<BenchResult> results, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500)
                .title("End of utterance to first dubbed audio").xAxisTitle("ms").yAxisTitle("fraction of utterances")
                .build();
        for (BenchResult r : results) {
            double[] x = r.sortedDubbedMs();
            if (x.length == 0) {
                continue;
            }
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = (i + 1.0) / x.length;
            }
            chart.addSeries(r.parties() + "-party x" + r.calls(), x, y).setMarker(SeriesMarkers.NONE);
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("no dubbed audio measured", new double[] {0}, new double[] {0});
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f", value);
    }

    private static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String hash = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor() == 0 ? hash : "unknown (not a git checkout)";
        } catch (IOException | InterruptedException e) {
            return "unknown (git not available)";
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }
}
