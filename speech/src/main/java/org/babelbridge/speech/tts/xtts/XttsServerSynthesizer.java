package org.babelbridge.speech.tts.xtts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.resample.Resampler;
import org.babelbridge.media.wav.WavEncoding;
import org.babelbridge.media.wav.WavWriter;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.SpeechEngineException;
import org.babelbridge.speech.http.HttpEngineClient;
import org.babelbridge.speech.http.MultipartBody;
import org.babelbridge.speech.tts.SpeechSynthesizer;
import org.babelbridge.speech.tts.Voice;
import org.babelbridge.speech.voice.VoiceCloner;

/**
 * Cloned-voice synthesis through an XTTS-style server. {@link #register} uploads a speaker's
 * reference audio to {@code clone_speaker} (with the voice id as form field {@code voice_id}, so servers
 * that keep references file them under it) and keeps the returned conditioning under that id;
 * {@link #synthesize} streams {@code tts_stream}'s raw 24 kHz PCM, resampled to 16 kHz and handed on
 * in 100 ms chunks as they arrive; {@link #unregister} deletes the conditioning here and sends
 * {@code DELETE voices/<id>} (404 or 405 from a server that keeps nothing is fine). Thread-safe.
 */
public final class XttsServerSynthesizer implements SpeechSynthesizer, VoiceCloner {

    static final int SERVER_RATE_HZ = 24_000;
    private static final int READ_BYTES = SERVER_RATE_HZ / 10 * 2; // 100 ms

    private final HttpEngineClient http;
    private final XttsServerConfig config;
    private final Map<String, JsonNode> voices = new ConcurrentHashMap<>();

    private XttsServerSynthesizer(HttpEngineClient http, XttsServerConfig config) {
        this.http = http;
        this.config = config;
    }

    /**
     * Connects, checks the server answers {@code GET languages} and prepares the voice store.
     *
     * @throws EngineConfigurationException naming the URL or voice store setting
     */
    public static XttsServerSynthesizer start(XttsServerConfig config) {
        try {
            Files.createDirectories(config.voiceStoreDir());
        } catch (IOException e) {
            throw new EngineConfigurationException("speech.tts.xtts.voice-store-dir",
                    "cannot create the cloned voice store " + config.voiceStoreDir(), e);
        }
        HttpEngineClient http = new HttpEngineClient("voice-cloning server", config.url(), null, config.timeoutMs());
        http.probe("languages", "speech.tts.xtts.url");
        return new XttsServerSynthesizer(http, config);
    }

    @Override
    public Set<Language> languages() {
        return config.languages();
    }

    @Override
    public boolean speaksClonedVoices() {
        return true;
    }

    @Override
    public String register(String speakerId, short[] referencePcm) {
        byte[] wav = WavWriter.toBytes(referencePcm, AudioFormat.SAMPLE_RATE_HZ, WavEncoding.PCM16);
        String voiceId = speakerId.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + sha256(wav).substring(0, 12);
        JsonNode conditioning;
        try {
            conditioning = http.postMultipart("clone_speaker", new MultipartBody().field("voice_id", voiceId)
                    .file("wav_file", "reference.wav", "audio/wav", wav));
        } catch (HttpEngineClient.HttpStatusException e) {
            throw new SpeechEngineException(e.getMessage(), e);
        }
        if (!conditioning.path("gpt_cond_latent").isArray() || !conditioning.path("speaker_embedding").isArray()) {
            throw new SpeechEngineException("voice-cloning server answered clone_speaker without gpt_cond_latent"
                    + " and speaker_embedding");
        }
        store(voiceId, conditioning);
        voices.put(voiceId, conditioning);
        return voiceId;
    }

    @Override
    public void unregister(String voiceId) {
        if (!voiceId.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("malformed cloned voice id '" + voiceId + "'");
        }
        voices.remove(voiceId);
        try {
            Files.deleteIfExists(config.voiceStoreDir().resolve(voiceId + ".json"));
        } catch (IOException e) {
            throw new SpeechEngineException("cannot delete cloned voice " + voiceId + " from " + config.voiceStoreDir(), e);
        }
        try {
            http.delete("voices/" + voiceId);
        } catch (HttpEngineClient.HttpStatusException e) {
            if (e.status() != 404 && e.status() != 405) {
                throw new SpeechEngineException(e.getMessage(), e);
            }
        }
    }

    @Override
    public void synthesize(String text, Language language, Voice voice, Consumer<short[]> audio) {
        if (!(voice instanceof Voice.Cloned cloned)) {
            throw new IllegalArgumentException("the voice-cloning server speaks cloned voices only");
        }
        if (!config.languages().contains(language)) {
            throw new IllegalArgumentException("the voice-cloning server does not speak " + language.code()
                    + " (speech.tts.xtts.languages)");
        }
        JsonNode conditioning = conditioning(cloned.voiceId());
        ObjectNode request = HttpEngineClient.json().createObjectNode();
        request.put("text", text);
        request.put("language", language.code());
        request.set("gpt_cond_latent", conditioning.path("gpt_cond_latent"));
        request.set("speaker_embedding", conditioning.path("speaker_embedding"));
        request.put("add_wav_header", false);
        request.put("stream_chunk_size", "20");
        Resampler resampler = new Resampler(SERVER_RATE_HZ, AudioFormat.SAMPLE_RATE_HZ);
        try (InputStream in = postForStream(request)) {
            byte[] buffer = new byte[READ_BYTES + 1];
            int carried = 0; // an odd byte left from the previous read
            int read;
            while ((read = in.read(buffer, carried, READ_BYTES)) >= 0) {
                int available = carried + read;
                int samples = available / 2;
                emit(resampler, toSamples(buffer, samples), audio);
                carried = available - samples * 2;
                if (carried == 1) {
                    buffer[0] = buffer[available - 1];
                }
            }
        } catch (IOException e) {
            throw new SpeechEngineException("voice-cloning server stream broke: " + e, e);
        }
        emit(resampler, new short[resampler.delayInputSamples()], audio);
    }

    @Override
    public void close() {
        voices.clear();
    }

    private InputStream postForStream(ObjectNode request) {
        try {
            return http.postJsonForStream("tts_stream", request);
        } catch (HttpEngineClient.HttpStatusException e) {
            throw new SpeechEngineException(e.getMessage(), e);
        }
    }

    private JsonNode conditioning(String voiceId) {
        return voices.computeIfAbsent(voiceId, id -> {
            Path file = config.voiceStoreDir().resolve(id + ".json");
            if (!id.matches("[A-Za-z0-9_-]+") || !Files.isRegularFile(file)) {
                throw new IllegalArgumentException("unknown cloned voice '" + id + "'");
            }
            try {
                return HttpEngineClient.json().readTree(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new SpeechEngineException("cloned voice file " + file + " is unreadable", e);
            }
        });
    }

    private void store(String voiceId, JsonNode conditioning) {
        Path file = config.voiceStoreDir().resolve(voiceId + ".json");
        try {
            Path temporary = Files.createTempFile(config.voiceStoreDir(), voiceId, ".tmp");
            Files.write(temporary, HttpEngineClient.json().writeValueAsBytes(conditioning));
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new SpeechEngineException("cannot store cloned voice " + voiceId + " in " + config.voiceStoreDir(), e);
        }
    }

    private static short[] toSamples(byte[] bytes, int samples) {
        short[] out = new short[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] << 8));
        }
        return out;
    }

    private static void emit(Resampler resampler, short[] chunk, Consumer<short[]> audio) {
        if (chunk.length == 0) {
            return;
        }
        short[] out = new short[resampler.maxOutputSamples(chunk.length)];
        int written = resampler.process(chunk, 0, chunk.length, out, 0);
        if (written > 0) {
            audio.accept(Arrays.copyOf(out, written));
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
