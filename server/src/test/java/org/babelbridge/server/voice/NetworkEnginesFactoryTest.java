package org.babelbridge.server.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.pipeline.NetworkEngines;
import org.babelbridge.speech.stt.google.GoogleSpeechRecognizer;
import org.babelbridge.speech.translate.google.GoogleTranslator;
import org.babelbridge.speech.tts.google.GoogleTextToSpeech;
import org.babelbridge.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Network speech engines are chosen by configuration, and a bad setting fails start-up naming it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkEnginesFactoryTest {

    private final TestDatabase db = TestDatabase.create();

    @TempDir
    Path temp;

    @AfterAll
    void dropDatabase() {
        db.close();
    }

    @Test
    void withoutSettingsNoNetworkEngineIsUsed() {
        try (ApplicationContext context = context(Map.of())) {
            NetworkEngines engines = context.getBean(NetworkEngines.class);
            assertThat(engines.recognizers()).isEmpty();
            assertThat(engines.machineTranslator()).isNull();
            assertThat(engines.standardSynthesizer()).isNull();
            assertThat(engines.cloningSynthesizer()).isNull();
        }
    }

    @Test
    void googleEnginesAreBuiltFromTheirSettings() throws Exception {
        String key = serviceAccountKey().toString();
        try (ApplicationContext context = context(Map.of(
                "speech.stt.google.credentials-file", key, "speech.stt.google.languages", "he,ru",
                "speech.translate.google.credentials-file", key, "speech.translate.google.project-id", "babel",
                "speech.tts.google.credentials-file", key, "speech.tts.google.languages", "he"))) {
            NetworkEngines engines = context.getBean(NetworkEngines.class);
            assertThat(engines.recognizers()).containsOnlyKeys(Language.HE, Language.RU);
            assertThat(engines.recognizers().get(Language.HE)).isInstanceOf(GoogleSpeechRecognizer.class);
            assertThat(engines.machineTranslator()).isInstanceOf(GoogleTranslator.class);
            assertThat(engines.standardSynthesizer()).isInstanceOf(GoogleTextToSpeech.class);
        }
    }

    @Test
    void aMissingKeyFileOrProjectFailsNamingTheSetting() throws Exception {
        try (ApplicationContext context = context(Map.of("speech.stt.google.credentials-file",
                temp.resolve("absent.json").toString()))) {
            assertThatThrownBy(() -> context.getBean(NetworkEngines.class))
                    .hasStackTraceContaining(EngineConfigurationException.class.getName())
                    .hasStackTraceContaining("speech.stt.google.credentials-file").hasStackTraceContaining("absent.json");
        }
        try (ApplicationContext context = context(Map.of("speech.translate.google.credentials-file",
                serviceAccountKey().toString()))) {
            assertThatThrownBy(() -> context.getBean(NetworkEngines.class))
                    .hasStackTraceContaining(EngineConfigurationException.class.getName())
                    .hasStackTraceContaining("speech.translate.google.project-id");
        }
        try (ApplicationContext context = context(Map.of("speech.tts.xtts.url", "http://127.0.0.1:9"))) {
            assertThatThrownBy(() -> context.getBean(NetworkEngines.class))
                    .hasStackTraceContaining("speech.tts.xtts.url");
        }
    }

    private ApplicationContext context(Map<String, Object> settings) {
        Map<String, Object> props = new HashMap<>(db.micronautProperties());
        props.putAll(settings);
        props.put("babel.sip.enabled", "false");
        props.put("babel.jwt.secret", "a-test-secret-that-is-long-enough-for-hs256-signing");
        props.put("babel.data-dir", temp.toString());
        props.put("speech.tts.xtts.voice-store-dir", temp.resolve("voices").toString());
        return ApplicationContext.builder().properties(props).environments("network-engines-test").build()
                .start();
    }

    /** A well-formed service-account key with a fresh RSA key (never used against Google). */
    private Path serviceAccountKey() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String pem = ("-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(rsa.generateKeyPair().getPrivate()
                .getEncoded()) + "\n-----END PRIVATE KEY-----\n").replace("\n", "\\n");
        Path file = temp.resolve("key-" + System.nanoTime() + ".json");
        Files.writeString(file, "{\"type\":\"service_account\",\"project_id\":\"babel\",\"private_key_id\":\"1\","
                + "\"private_key\":\"" + pem + "\",\"client_email\":\"bridge@babel.iam.gserviceaccount.com\","
                + "\"client_id\":\"1\",\"token_uri\":\"https://oauth2.googleapis.com/token\"}");
        return file;
    }
}
