package org.babelbridge.speech.translate.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.translate.v3.TranslateTextRequest;
import com.google.cloud.translate.v3.TranslateTextResponse;
import com.google.cloud.translate.v3.Translation;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.function.Function;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.SpeechEngineException;
import org.babelbridge.speech.google.InProcessGoogleService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Translation v3 {@code TranslateText} against an in-process gRPC server serving the real service. */
class GoogleTranslateContractTest {

    private InProcessGoogleService<TranslateTextRequest, TranslateTextResponse> service;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void translatesPlainTextWithHebrewAsIwAndTheProjectParent() throws Exception {
        GoogleTranslator google = start(r -> TranslateTextResponse.newBuilder()
                .addTranslations(Translation.newBuilder().setTranslatedText("שלום, מה שלומך?")).build(), null, 3_000);

        var result = google.translate("Hello, how are you?", Language.EN, Language.HE);

        assertThat(result).isEqualTo(org.babelbridge.speech.translate.Translation.translated("שלום, מה שלומך?",
                GoogleTranslator.ENGINE));
        TranslateTextRequest request = service.requests.get(0);
        assertThat(request.getParent()).isEqualTo("projects/babel-test/locations/global");
        assertThat(request.getContentsList()).containsExactly("Hello, how are you?");
        assertThat(request.getMimeType()).isEqualTo("text/plain");
        assertThat(request.getSourceLanguageCode()).isEqualTo("en");
        assertThat(request.getTargetLanguageCode()).isEqualTo("iw");
        assertThat(request.hasGlossaryConfig()).isFalse();
        assertThat(service.deadlinesMs.get(0)).isBetween(1L, 3_000L);

        google.translate("Привет", Language.RU, Language.EN);
        assertThat(service.requests.get(1).getSourceLanguageCode()).isEqualTo("ru");
        assertThat(service.requests.get(1).getTargetLanguageCode()).isEqualTo("en");
    }

    @Test
    void aGlossaryIsSentAndItsTranslationPreferred() throws Exception {
        GoogleTranslator google = start(r -> TranslateTextResponse.newBuilder()
                .addTranslations(Translation.newBuilder().setTranslatedText("мост Бабель"))
                .addGlossaryTranslations(Translation.newBuilder().setTranslatedText("Babel Bridge")).build(),
                "product-names", 3_000);

        assertThat(google.translate("Babel Bridge", Language.EN, Language.RU).textOrNull()).isEqualTo("Babel Bridge");
        assertThat(service.requests.get(0).getGlossaryConfig().getGlossary())
                .isEqualTo("projects/babel-test/locations/us-central1/glossaries/product-names");
    }

    @Test
    void anInvalidArgumentIsUntranslatedOtherErrorsAreEngineErrors() throws Exception {
        GoogleTranslator google = start(r -> {
            if (r.getContents(0).equals("quota")) {
                throw Status.RESOURCE_EXHAUSTED.withDescription("Quota exceeded").asRuntimeException();
            }
            throw Status.INVALID_ARGUMENT.withDescription("Target language is invalid.").asRuntimeException();
        }, null, 3_000);

        var refused = google.translate("text", Language.EN, Language.RU);
        assertThat(refused.isTranslated()).isFalse();
        assertThat(((org.babelbridge.speech.translate.Translation.Untranslated) refused).reason())
                .contains("Target language is invalid");
        assertThatThrownBy(() -> google.translate("quota", Language.EN, Language.RU))
                .isInstanceOf(SpeechEngineException.class).hasMessageContaining("RESOURCE_EXHAUSTED");
    }

    @Test
    void aServerThatDoesNotAnswerInTimeMeetsTheDeadline() throws Exception {
        GoogleTranslator google = start(r -> {
            sleep(3_000);
            return TranslateTextResponse.getDefaultInstance();
        }, null, 300);
        long started = System.nanoTime();

        assertThatThrownBy(() -> google.translate("slow", Language.EN, Language.RU))
                .isInstanceOf(SpeechEngineException.class).hasMessageContaining("DEADLINE_EXCEEDED");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_900);
    }

    @Test
    void sameLanguageAndEmptyTextNeverReachTheService() throws Exception {
        GoogleTranslator google = start(r -> TranslateTextResponse.getDefaultInstance(), null, 3_000);
        assertThat(google.translate("Hello", Language.EN, Language.EN).textOrNull()).isEqualTo("Hello");
        assertThat(google.translate("  ", Language.EN, Language.RU).isTranslated()).isFalse();
        assertThat(google.translate("x", Language.EN, Language.RU).isTranslated()).as("empty answer").isFalse();
        assertThat(service.requests).hasSize(1);
    }

    @Test
    void startUpErrorsNameTheSetting() {
        assertThatThrownBy(() -> GoogleTranslator.start(new GoogleTranslateConfig(null, "p", "global", null,
                GoogleTranslateConfig.DEFAULT_ENDPOINT, 1_000))).isInstanceOf(EngineConfigurationException.class)
                .hasMessageContaining("speech.translate.google.credentials-file");
        assertThatThrownBy(() -> new GoogleTranslateConfig(Path.of("k.json"), " ", "global", null,
                GoogleTranslateConfig.DEFAULT_ENDPOINT, 1_000)).hasMessageContaining("speech.translate.google.project-id");
        assertThatThrownBy(() -> new GoogleTranslateConfig(Path.of("k.json"), "p", "global", "g",
                GoogleTranslateConfig.DEFAULT_ENDPOINT, 1_000)).hasMessageContaining("speech.translate.google.location");
    }

    private GoogleTranslator start(Function<TranslateTextRequest, TranslateTextResponse> handler, String glossary,
                                   long timeoutMs) throws Exception {
        service = new InProcessGoogleService<>("google.cloud.translation.v3.TranslationService", "TranslateText",
                TranslateTextRequest.getDefaultInstance(), TranslateTextResponse.getDefaultInstance(), handler);
        return GoogleTranslator.start(new GoogleTranslateConfig(null, "babel-test",
                glossary == null ? "global" : "us-central1", glossary, "in-process", timeoutMs),
                service.channel(), NoCredentialsProvider.create());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
