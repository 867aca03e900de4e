package org.babelbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.wav.WavAudio;
import org.babelbridge.media.wav.WavEncoding;
import org.babelbridge.media.wav.WavReader;
import org.babelbridge.media.wav.WavWriter;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.tts.xtts.XttsServerConfig;
import org.babelbridge.speech.tts.xtts.XttsServerSynthesizer;
import org.babelbridge.speech.voice.VoiceCloner;
import org.babelbridge.speech.voice.VoiceProfileExtractor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Voice model training and deletion through HTTP, over PostgreSQL, with real recorded speech (the Asterisk
 * prompts, English and Russian speakers) and the XTTS-style adapter talking to an in-process cloning server.
 */
@MicronautTest(transactional = false)
class VoiceModelApiTest extends ApiTestSupport {

    private final CloningServer cloning = new CloningServer();

    @Override
    Map<String, String> extraProperties() {
        return Map.of("test.cloning.url", cloning.url(), "test.cloning.store", dataDir.resolve("xtts").toString());
    }

    @AfterAll
    void stopCloningServer() {
        cloning.server.stop(0);
    }

    @Test
    void trainsAProfileFromTheBestTwoSamplesAndRegistersTheReferenceWithTheCloningServer() throws Exception {
        User u = newUser("en");
        problem(auth(HttpRequest.POST("/api/voice/model", ""), u), 400); // nothing to train from yet
        List<WavAudio> samples = List.of(speech("en", 0), speech("en", 1), speech("en", 2));
        for (WavAudio sample : samples) {
            call(auth(upload(sample), u), 201);
        }
        List<Map<String, Object>> listed = list(auth(HttpRequest.GET("/api/voice/recordings"), u));
        assertThat(listed).filteredOn(r -> Boolean.TRUE.equals(r.get("usedForTraining"))).hasSize(2);

        Map<String, Object> accepted = call(auth(HttpRequest.POST("/api/voice/model", ""), u), 202);
        assertThat(accepted).containsEntry("status", "training");
        Map<String, Object> model = awaitModel(u);

        assertThat(model).containsEntry("status", "ready").containsEntry("engine", "voice-cloning")
                .containsEntry("cloned", true);
        double median = ((Number) model.get("medianF0Hz")).doubleValue();
        assertThat(median).isCloseTo(VoiceProfileExtractor.extract(samples).medianF0Hz(), within(25.0));
        assertThat(((Number) model.get("syllablesPerSecond")).doubleValue()).isBetween(1.5, 9.0);
        double meanUsedScore = listed.stream().filter(r -> Boolean.TRUE.equals(r.get("usedForTraining")))
                .mapToInt(r -> ((Number) r.get("qualityScore")).intValue()).average().orElseThrow();
        assertThat(((Number) model.get("qualityScore")).intValue()).isEqualTo((int) Math.round(meanUsedScore));
        assertThat(call(auth(HttpRequest.GET("/api/users/me"), u), 200)).containsEntry("voiceModelTrained", true);
        String ref = voiceIdOf(u);
        WavAudio reference = WavReader.read(cloning.references.get(ref));
        assertThat(reference.sampleRateHz()).isEqualTo(AudioFormat.SAMPLE_RATE_HZ);
        assertThat(reference.durationMs()).as("the two samples used").isBetween(36_000L, 62_000L);

        call(auth(HttpRequest.DELETE("/api/voice/model"), u), 204);
        assertThat(cloning.references).doesNotContainKey(ref);
        assertThat(cloning.deletes).contains("/voices/" + ref);
        assertThat(call(auth(HttpRequest.GET("/api/voice/model"), u), 200)).containsEntry("status", "none");
        assertThat(call(auth(HttpRequest.GET("/api/users/me"), u), 200)).containsEntry("voiceModelTrained", false);
        assertThat(dataDir.resolve("xtts").resolve(ref + ".json")).as("no conditioning left on disk").doesNotExist();
    }

    @Test
    void twoSpeakersGetTheirOwnProfiles() throws Exception {
        User high = newUser("en");
        User low = newUser("en");
        WavAudio highVoice = speech("en", 0);
        WavAudio lowVoice = pitchShifted(highVoice, -800); // the same recording eight semitones lower (sox)
        call(auth(upload(highVoice), high), 201);
        call(auth(upload(lowVoice), low), 201);
        call(auth(HttpRequest.POST("/api/voice/model", ""), high), 202);
        call(auth(HttpRequest.POST("/api/voice/model", ""), low), 202);

        double highF0 = ((Number) awaitModel(high).get("medianF0Hz")).doubleValue();
        double lowF0 = ((Number) awaitModel(low).get("medianF0Hz")).doubleValue();

        assertThat(highF0).isCloseTo(VoiceProfileExtractor.extract(List.of(highVoice)).medianF0Hz(), within(1.0));
        assertThat(lowF0).isCloseTo(VoiceProfileExtractor.extract(List.of(lowVoice)).medianF0Hz(), within(1.0));
        assertThat(lowF0).isCloseTo(highF0 * Math.pow(2, -8 / 12.0), within(highF0 * Math.pow(2, -8 / 12.0) * 0.15));
    }

    /** {@code audio} pitch-shifted by {@code cents} with sox, keeping its tempo. */
    static WavAudio pitchShifted(WavAudio audio, int cents) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("pitch");
        try {
            Path in = dir.resolve("in.wav");
            Path out = dir.resolve("out.wav");
            Files.write(in, WavWriter.toBytes(audio.samples(), audio.sampleRateHz(), WavEncoding.PCM16));
            Process sox = new ProcessBuilder("sox", in.toString(), "-b", "16", out.toString(), "pitch",
                    Integer.toString(cents)).redirectErrorStream(true).start();
            String log = new String(sox.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(sox.waitFor()).as("sox: " + log).isZero();
            return WavReader.read(out);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void deletingASampleTheModelWasTrainedFromDeletesTheModelAtTheCloningServerToo() throws Exception {
        User u = newUser("en");
        long id = ((Number) call(auth(upload(speech("en", 1)), u), 201).get("id")).longValue();
        call(auth(HttpRequest.POST("/api/voice/model", ""), u), 202);
        awaitModel(u);
        String ref = voiceIdOf(u);

        call(auth(HttpRequest.DELETE("/api/voice/recordings/" + id), u), 204);

        assertThat(cloning.deletes).contains("/voices/" + ref);
        assertThat(cloning.references).doesNotContainKey(ref);
        assertThat(call(auth(HttpRequest.GET("/api/voice/model"), u), 200)).containsEntry("status", "none");
    }

    @Test
    void deletingTheAccountDeletesTheReferenceAtTheCloningServerAndRefusesWhileItCannot() throws Exception {
        User u = newUser("ru");
        call(auth(upload(speech("ru", 1)), u), 201);
        call(auth(HttpRequest.POST("/api/voice/model", ""), u), 202);
        awaitModel(u);
        String ref = voiceIdOf(u);

        cloning.failDeletes = true;
        try {
            problem(auth(HttpRequest.DELETE("/api/users/me", Map.of("password", u.password())), u), 503);
        } finally {
            cloning.failDeletes = false;
        }
        assertThat(cloning.references).containsKey(ref);
        assertThat(call(auth(HttpRequest.GET("/api/users/me"), u), 200)).containsEntry("voiceModelTrained", true);

        call(auth(HttpRequest.DELETE("/api/users/me", Map.of("password", u.password())), u), 204);
        assertThat(cloning.references).doesNotContainKey(ref);
        assertThat(cloning.deletes).contains("/voices/" + ref);
    }

    @Test
    void aModelCannotBeDeletedTwiceAndAnotherUserSeesNone() throws Exception {
        User u = newUser("en");
        problem(auth(HttpRequest.DELETE("/api/voice/model"), u), 404);
        assertThat(call(auth(HttpRequest.GET("/api/voice/model"), newUser("he")), 200)).containsEntry("status", "none");
    }

    private String voiceIdOf(User u) {
        return cloning.references.keySet().stream().filter(k -> k.startsWith("user-" + u.id() + "-")).findFirst()
                .orElseThrow();
    }

    private Map<String, Object> awaitModel(User u) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L; // generous: the machine is shared
        Map<String, Object> model;
        do {
            model = call(auth(HttpRequest.GET("/api/voice/model"), u), 200);
            if (!"training".equals(model.get("status"))) {
                assertThat(model.get("errorMessage")).as("training error").isNull();
                return model;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("training did not finish: " + model);
    }

    private static io.micronaut.http.MutableHttpRequest<?> upload(WavAudio audio) {
        byte[] wav = WavWriter.toBytes(audio.samples(), audio.sampleRateHz(), WavEncoding.PCM16);
        return HttpRequest.POST("/api/voice/recordings", MultipartBody.builder()
                .addPart("file", "sample.wav", MediaType.of("audio/wav"), wav).build())
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE);
    }

    /** About 20 s of one Asterisk speaker (8 kHz recordings), a different run of prompts per {@code take}. */
    static WavAudio speech(String language, int take) throws IOException {
        List<Path> prompts;
        try (var files = Files.list(Path.of("/usr/share/asterisk/sounds", language))) {
            prompts = new ArrayList<>(files.filter(p -> p.toString().endsWith(".wav")).sorted().toList());
        }
        List<short[]> parts = new ArrayList<>();
        int total = 0;
        int rate = 0;
        short[] pause = null;
        for (int i = take * 40; i < prompts.size() && total < 19 * 8_000; i++) {
            WavAudio prompt = WavReader.read(prompts.get(i));
            if (prompt.durationMs() < 1_000 || prompt.durationMs() > 6_000) {
                continue; // tones and long menus
            }
            rate = prompt.sampleRateHz();
            pause = new short[rate / 4];
            parts.add(prompt.samples());
            parts.add(pause);
            total += prompt.samples().length + pause.length;
        }
        short[] all = new short[total];
        int offset = 0;
        for (short[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return new WavAudio(all, rate, WavEncoding.PCM16);
    }

    /** The XTTS-style cloning server: keeps references by the voice id sent with them, deletes them on request. */
    static final class CloningServer {
        final HttpServer server;
        final Map<String, byte[]> references = new ConcurrentHashMap<>();
        final List<String> deletes = new CopyOnWriteArrayList<>();
        volatile boolean failDeletes;

        CloningServer() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/languages", ex -> respond(ex, 200, "[\"en\",\"ru\"]"));
            server.createContext("/clone_speaker", this::clone);
            server.createContext("/voices/", this::delete);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void clone(HttpExchange ex) throws IOException {
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            String boundary = type.substring(type.indexOf("boundary=") + "boundary=".length());
            Map<String, byte[]> form = Multipart.parse(ex.getRequestBody().readAllBytes(), boundary);
            references.put(new String(form.get("voice_id"), StandardCharsets.UTF_8), form.get("wav_file"));
            respond(ex, 200, "{\"gpt_cond_latent\":[[0.5]],\"speaker_embedding\":[0.25]}");
        }

        private void delete(HttpExchange ex) throws IOException {
            String path = ex.getRequestURI().getPath();
            if (failDeletes) {
                respond(ex, 500, "{\"detail\":\"storage unavailable\"}");
                return;
            }
            deletes.add(path);
            byte[] removed = references.remove(path.substring("/voices/".length()));
            respond(ex, removed == null ? 404 : 200, "{}");
        }

        private static void respond(HttpExchange ex, int status, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            try (var out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Just enough multipart/form-data parsing for the fake server. */
    static final class Multipart {
        static Map<String, byte[]> parse(byte[] body, String boundary) {
            String latin = new String(body, StandardCharsets.ISO_8859_1);
            Map<String, byte[]> parts = new java.util.HashMap<>();
            String delimiter = "--" + boundary;
            int position = latin.indexOf(delimiter);
            while (position >= 0 && !latin.startsWith(delimiter + "--", position)) {
                int headersEnd = latin.indexOf("\r\n\r\n", position);
                String headers = latin.substring(position, headersEnd);
                int nameStart = headers.indexOf("name=\"") + "name=\"".length();
                String name = headers.substring(nameStart, headers.indexOf('"', nameStart));
                int next = latin.indexOf("\r\n" + delimiter, headersEnd);
                parts.put(name, latin.substring(headersEnd + 4, next).getBytes(StandardCharsets.ISO_8859_1));
                position = next + 2;
            }
            return parts;
        }
    }

    /** The cloning engine the server would build from {@code speech.tts.xtts.*}, here from the test's settings. */
    @Factory
    @Requires(property = "test.cloning.url")
    static class CloningEngineFactory {
        @Singleton
        VoiceCloner cloner(@Value("${test.cloning.url}") String url, @Value("${test.cloning.store}") String store) {
            return XttsServerSynthesizer.start(new XttsServerConfig(URI.create(url), Path.of(store),
                    Set.of(Language.EN, Language.RU), 5_000));
        }
    }
}
