package org.babelbridge.speech.tts.xtts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.wav.WavReader;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.SpeechEngineException;
import org.babelbridge.speech.TestAudio;
import org.babelbridge.speech.http.MultipartForm;
import org.babelbridge.speech.tts.Voice;
import org.babelbridge.speech.voice.PitchTracker;
import org.babelbridge.speech.voice.VoiceProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The XTTS streaming server API (clone_speaker, tts_stream) against an in-process server. */
class XttsServerContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONDITIONING =
            "{\"gpt_cond_latent\":[[0.25,-0.5],[0.125,1.0]],\"speaker_embedding\":[0.5,0.75,-0.25]}";

    @TempDir
    Path store;
    private HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<byte[]> references = new CopyOnWriteArrayList<>();
    private final List<JsonNode> ttsRequests = new CopyOnWriteArrayList<>();
    private final List<Long> serverWritesNanos = new CopyOnWriteArrayList<>();
    /** References the fake keeps, by the voice id sent with them, as servers that store references do. */
    private final Map<String, byte[]> storedReferences = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> deleteRequests = new CopyOnWriteArrayList<>();
    private volatile int deleteStatus = 0; // 0: answer as a storing server would

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/languages", exchange -> respond(exchange, 200, "[\"en\",\"ru\",\"de\"]"));
        server.createContext("/clone_speaker", this::cloneSpeaker);
        server.createContext("/tts_stream", this::ttsStream);
        server.createContext("/voices/", this::deleteVoice);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Test
    void registersReferenceAudioAndKeepsTheConditioningUnderAVoiceId() throws IOException {
        XttsServerSynthesizer xtts = XttsServerSynthesizer.start(config());
        short[] reference = TestAudio.prompt16k("en", "vm-intro");

        String voiceId = xtts.register("user 42", reference);

        assertThat(voiceId).matches("user_42-[0-9a-f]{12}");
        assertThat(WavReader.read(references.get(0)).samples()).isEqualTo(reference);
        assertThat(JSON.readTree(Files.readString(store.resolve(voiceId + ".json")))).isEqualTo(JSON.readTree(CONDITIONING));
    }

    @Test
    void unregisterDeletesTheReferenceAtTheServerAndOnDisk() {
        XttsServerSynthesizer xtts = XttsServerSynthesizer.start(config());
        String voiceId = xtts.register("alice", TestAudio.prompt16k("en", "vm-intro"));
        assertThat(storedReferences).containsKey(voiceId);

        xtts.unregister(voiceId);

        assertThat(deleteRequests).containsExactly("DELETE /voices/" + voiceId);
        assertThat(storedReferences).doesNotContainKey(voiceId);
        assertThat(store.resolve(voiceId + ".json")).doesNotExist();
        assertThatThrownBy(() -> xtts.synthesize("x", Language.EN, new Voice.Cloned(voiceId,
                VoiceProfile.NEUTRAL_FEMALE), chunk -> { })).hasMessageContaining("unknown cloned voice");
        // Already gone at the server (404) is not an error: deletion is idempotent.
        xtts.unregister(voiceId);
    }

    @Test
    void aServerThatKeepsNoReferencesStillHasTheLocalConditioningDeleted() {
        XttsServerSynthesizer xtts = XttsServerSynthesizer.start(config());
        String voiceId = xtts.register("bob", TestAudio.prompt16k("en", "vm-intro"));
        deleteStatus = 405;

        xtts.unregister(voiceId);

        assertThat(store.resolve(voiceId + ".json")).doesNotExist();
    }

    @Test
    void aFailedDeletionAtTheServerIsReported() {
        XttsServerSynthesizer xtts = XttsServerSynthesizer.start(config());
        String voiceId = xtts.register("carol", TestAudio.prompt16k("en", "vm-intro"));
        deleteStatus = 500;

        assertThatThrownBy(() -> xtts.unregister(voiceId)).isInstanceOf(SpeechEngineException.class)
                .hasMessageContaining("500");
        assertThatThrownBy(() -> xtts.unregister("../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void streamsTheClonedVoiceAsSixteenKilohertzChunksBeforeTheServerHasFinished() {
        XttsServerSynthesizer xtts = XttsServerSynthesizer.start(config());
        String voiceId = xtts.register("alice", TestAudio.prompt16k("en", "vm-intro"));
        List<Long> chunkNanos = new CopyOnWriteArrayList<>();
        TestAudio.Collector audio = new TestAudio.Collector();

        xtts.synthesize("Привет", Language.RU, new Voice.Cloned(voiceId, VoiceProfile.NEUTRAL_FEMALE), chunk -> {
            chunkNanos.add(System.nanoTime());
            audio.accept(chunk);
        });

        JsonNode request = ttsRequests.get(0);
        assertThat(request.path("text").asText()).isEqualTo("Привет");
        assertThat(request.path("language").asText()).isEqualTo("ru");
        assertThat(request.path("add_wav_header").asBoolean(true)).isFalse();
        assertThat(request.path("gpt_cond_latent")).isEqualTo(readTree(CONDITIONING).path("gpt_cond_latent"));
        assertThat(request.path("speaker_embedding")).isEqualTo(readTree(CONDITIONING).path("speaker_embedding"));
        short[] pcm = audio.all();
        assertThat((double) pcm.length).isCloseTo(AudioFormat.SAMPLE_RATE_HZ, within(400.0)); // one second
        assertThat(PitchTracker.medianVoicedF0(PitchTracker.track(pcm, AudioFormat.SAMPLE_RATE_HZ)))
                .isCloseTo(200, within(4.0));
        assertThat(chunkNanos.get(0)).isLessThan(serverWritesNanos.get(serverWritesNanos.size() - 1));
    }

    @Test
    void aRestartedAdapterFindsVoicesRegisteredBefore() {
        String voiceId = XttsServerSynthesizer.start(config()).register("alice", TestAudio.prompt16k("en", "vm-intro"));
        XttsServerSynthesizer restarted = XttsServerSynthesizer.start(config());
        TestAudio.Collector audio = new TestAudio.Collector();

        restarted.synthesize("Hello", Language.EN, new Voice.Cloned(voiceId, VoiceProfile.NEUTRAL_FEMALE), audio);

        assertThat(audio.all()).isNotEmpty();
    }

    @Test
    void refusesUnknownVoicesStandardVoicesAndHebrew() {
        XttsServerSynthesizer xtts = XttsServerSynthesizer.start(config());

        assertThatThrownBy(() -> xtts.synthesize("x", Language.EN, new Voice.Cloned("nobody-000000000000",
                VoiceProfile.NEUTRAL_MALE), chunk -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown cloned voice");
        assertThatThrownBy(() -> xtts.synthesize("x", Language.EN, new Voice.Standard(VoiceProfile.NEUTRAL_MALE),
                chunk -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> xtts.synthesize("x", Language.HE, new Voice.Cloned("a-000000000000",
                VoiceProfile.NEUTRAL_MALE), chunk -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("speech.tts.xtts.languages");
    }

    @Test
    void aServerErrorDuringSynthesisIsAnEngineErrorCarryingItsDetail() {
        XttsServerSynthesizer xtts = XttsServerSynthesizer.start(config());
        String voiceId = xtts.register("alice", TestAudio.prompt16k("en", "vm-intro"));

        assertThatThrownBy(() -> xtts.synthesize("fail", Language.EN,
                new Voice.Cloned(voiceId, VoiceProfile.NEUTRAL_FEMALE), chunk -> { }))
                .isInstanceOf(SpeechEngineException.class).hasMessageContaining("500")
                .hasMessageContaining("model not loaded");
    }

    @Test
    void anUnreachableServerFailsStartUpNamingTheSetting() {
        int port = server.getAddress().getPort();
        server.stop(0);

        assertThatThrownBy(() -> XttsServerSynthesizer.start(new XttsServerConfig(URI.create("http://127.0.0.1:" + port),
                store, Set.of(Language.EN), 500))).isInstanceOf(EngineConfigurationException.class)
                .hasMessageContaining("speech.tts.xtts.url");
    }

    private XttsServerConfig config() {
        return new XttsServerConfig(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), store,
                Set.of(Language.EN, Language.RU), 5_000);
    }

    private void cloneSpeaker(HttpExchange exchange) throws IOException {
        String boundary = MultipartForm.boundary(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (boundary == null) {
            respond(exchange, 422, "{\"detail\":\"wav_file is required\"}");
            return;
        }
        Map<String, byte[]> form = MultipartForm.parse(exchange.getRequestBody().readAllBytes(), boundary);
        if (!form.containsKey("wav_file")) {
            respond(exchange, 422, "{\"detail\":\"wav_file is required\"}");
            return;
        }
        references.add(form.get("wav_file"));
        if (form.containsKey("voice_id")) {
            storedReferences.put(new String(form.get("voice_id"), StandardCharsets.UTF_8), form.get("wav_file"));
        }
        respond(exchange, 200, CONDITIONING);
    }

    private void deleteVoice(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        deleteRequests.add(exchange.getRequestMethod() + " " + path);
        if (!exchange.getRequestMethod().equals("DELETE")) {
            respond(exchange, 405, "{\"detail\":\"Method Not Allowed\"}");
            return;
        }
        if (deleteStatus != 0) {
            respond(exchange, deleteStatus, "{\"detail\":\"deletion refused\"}");
            return;
        }
        byte[] removed = storedReferences.remove(path.substring("/voices/".length()));
        respond(exchange, removed == null ? 404 : 200, removed == null ? "{\"detail\":\"no such voice\"}" : "{}");
    }

    /** Streams one second of a 200 Hz tone as raw 24 kHz PCM16 in five pieces, 100 ms apart. */
    private void ttsStream(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        ttsRequests.add(request);
        if (request.path("text").asText().equals("fail")) {
            respond(exchange, 500, "{\"detail\":\"model not loaded\"}");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "audio/wav");
        exchange.sendResponseHeaders(200, 0);
        int rate = XttsServerSynthesizer.SERVER_RATE_HZ;
        byte[] pcm = new byte[rate * 2];
        for (int i = 0; i < rate; i++) {
            short value = (short) (8000 * Math.sin(2 * Math.PI * 200 * i / rate));
            pcm[2 * i] = (byte) value;
            pcm[2 * i + 1] = (byte) (value >> 8);
        }
        try (OutputStream out = exchange.getResponseBody()) {
            int written = 0;
            for (int piece = 1; piece <= 5; piece++) {
                // Split at odd byte offsets, as a network may, to exercise sample reassembly.
                int end = piece == 5 ? pcm.length : piece * pcm.length / 5 + 1;
                out.write(pcm, written, end - written);
                out.flush();
                written = end;
                serverWritesNanos.add(System.nanoTime());
                sleep(100);
            }
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
