package org.babelbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class VoiceApiTest extends ApiTestSupport {

    @jakarta.inject.Inject
    RecordingStore recordingStore;

    @Test
    void storesA20SecondWavDurablyAndListsIt() throws Exception {
        User u = newUser("he");
        Map<String, Object> r = call(auth(upload(wav(20.0), "sample.wav", "he", "text I read"), u), 201);
        assertThat(r).containsEntry("language", "he").containsEntry("durationMs", 20_000)
                .containsEntry("processed", true).containsEntry("textContent", "text I read");
        assertThat(((Number) r.get("qualityScore")).intValue()).isBetween(1, 100);
        try (var files = Files.walk(dataDir.resolve("voice"))) {
            List<Path> stored = files.filter(Files::isRegularFile).toList();
            assertThat(stored).singleElement().satisfies(p -> assertThat(p.toString()).endsWith(".wav.enc"));
            byte[] atRest = Files.readAllBytes(stored.get(0));
            assertThat(new String(atRest, 0, 64, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as("biometric data is encrypted at rest").doesNotContain("RIFF").doesNotContain("WAVE");
            byte[] plain = recordingStore.read(stored.get(0).toString());
            assertThat(AudioSystem.getAudioFileFormat(new java.io.ByteArrayInputStream(plain)).getFrameLength())
                    .isEqualTo(320_000);
        }
        assertThat(list(auth(HttpRequest.GET("/api/voice/recordings"), u))).hasSize(1);
        assertThat(call(auth(HttpRequest.GET("/api/users/me"), u), 200)).containsEntry("hasVoiceSample", true);

        long id = ((Number) r.get("id")).longValue();
        problem(auth(HttpRequest.DELETE("/api/voice/recordings/" + id), newUser("en")), 404);
        call(auth(HttpRequest.DELETE("/api/voice/recordings/" + id), u), 204);
        assertThat(list(auth(HttpRequest.GET("/api/voice/recordings"), u))).isEmpty();
        try (var files = Files.walk(dataDir.resolve("voice"))) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void rejectsTooShortAndTooLongRecordingsWithTheMeasuredDuration() throws Exception {
        User u = newUser("en");
        Map<String, Object> shortOne = problem(auth(upload(wav(12.5), "short.wav", null, null), u), 422);
        assertThat(shortOne).containsEntry("measuredDurationMs", 12_500);
        assertThat((String) shortOne.get("detail")).contains("12.5 s");
        Map<String, Object> longOne = problem(auth(upload(wav(31.0), "long.wav", null, null), u), 422);
        assertThat(longOne).containsEntry("measuredDurationMs", 31_000);
        assertThat(list(auth(HttpRequest.GET("/api/voice/recordings"), u))).isEmpty();
    }

    @Test
    void rejectsFilesThatAreNotWav() throws Exception {
        User u = newUser("ru");
        problem(auth(uploadBytes("this is not audio at all".repeat(10).getBytes(), "fake.wav"), u), 415);
        byte[] truncated = java.util.Arrays.copyOf(wav(20.0), 30);
        problem(auth(uploadBytes(truncated, "cut.wav"), u), 415);
        byte[] corrupt = wav(20.0);
        corrupt[22] = 0; // zero channels
        corrupt[23] = 0;
        problem(auth(uploadBytes(corrupt, "corrupt.wav"), u), 415);
        problem(auth(HttpRequest.POST("/api/voice/recordings", MultipartBody.builder()
                .addPart("language", "ru").build()).contentType(MediaType.MULTIPART_FORM_DATA_TYPE), u), 400);
        problem(auth(upload(wav(20.0), "x.wav", "de", null), u), 400);
        assertThat(list(auth(HttpRequest.GET("/api/voice/recordings"), u))).isEmpty();
    }

    @Test
    void rejectsOversizedUploads() throws Exception {
        User u = newUser("en");
        byte[] big = new byte[9 * 1024 * 1024];
        new Random(1).nextBytes(big);
        int code = exchange(auth(uploadBytes(big, "big.wav"), u)).code();
        assertThat(code).isEqualTo(413);
    }

    @Test
    void withoutACloningServerTrainingMeasuresTheVoiceProfileOnly() throws Exception {
        User u = newUser("he");
        assertThat(call(auth(HttpRequest.GET("/api/voice/model"), u), 200)).containsEntry("status", "none");
        problem(auth(HttpRequest.POST("/api/voice/model", ""), u), 400);
        call(auth(upload(wav(20.0), "sample.wav", "he", null), u), 201);

        assertThat(call(auth(HttpRequest.POST("/api/voice/model", ""), u), 202)).containsEntry("status", "training");
        Map<String, Object> model;
        long deadline = System.nanoTime() + 120_000_000_000L;
        do {
            Thread.sleep(100);
            model = call(auth(HttpRequest.GET("/api/voice/model"), u), 200);
        } while ("training".equals(model.get("status")) && System.nanoTime() < deadline);

        assertThat(model).containsEntry("status", "ready").containsEntry("engine", "voice-profile")
                .containsEntry("cloned", false);
        assertThat(((Number) model.get("medianF0Hz")).doubleValue()).isCloseTo(140, org.assertj.core.api.Assertions.within(7.0));
    }

    private static io.micronaut.http.MutableHttpRequest<?> upload(byte[] wav, String name, String language,
                                                                 String text) {
        MultipartBody.Builder body = MultipartBody.builder().addPart("file", name, MediaType.of("audio/wav"), wav);
        if (language != null) {
            body.addPart("language", language);
        }
        if (text != null) {
            body.addPart("textContent", text);
        }
        return HttpRequest.POST("/api/voice/recordings", body.build())
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE);
    }

    private static io.micronaut.http.MutableHttpRequest<?> uploadBytes(byte[] bytes, String name) {
        return upload(bytes, name, null, null);
    }

    /** A 16 kHz mono 16-bit WAV of a voiced-like tone with noise, {@code seconds} long. */
    static byte[] wav(double seconds) throws IOException {
        int rate = 16_000;
        int frames = (int) Math.round(seconds * rate);
        byte[] pcm = new byte[frames * 2];
        Random noise = new Random(7);
        for (int i = 0; i < frames; i++) {
            double t = i / (double) rate;
            double s = 0.3 * Math.sin(2 * Math.PI * 140 * t) + 0.1 * Math.sin(2 * Math.PI * 280 * t)
                    + 0.02 * noise.nextGaussian();
            short v = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, s * 32767));
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), format, frames),
                AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }
}
