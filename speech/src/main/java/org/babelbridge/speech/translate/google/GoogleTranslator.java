package org.babelbridge.speech.translate.google;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.translate.v3.TranslateTextGlossaryConfig;
import com.google.cloud.translate.v3.TranslateTextRequest;
import com.google.cloud.translate.v3.TranslateTextResponse;
import com.google.cloud.translate.v3.TranslationServiceClient;
import com.google.cloud.translate.v3.TranslationServiceSettings;
import java.io.IOException;
import java.time.Duration;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.SpeechEngineException;
import org.babelbridge.speech.google.GoogleCloudAccess;
import org.babelbridge.speech.translate.Translation;
import org.babelbridge.speech.translate.Translator;

/**
 * Machine translation through Google Cloud Translation v3 {@code TranslateText} (plain text, Hebrew as
 * {@code iw}), with the configured glossary applied when there is one (its translation is preferred). A
 * language pair or text the service refuses as invalid is {@link Translation.Untranslated}; other failures,
 * including the deadline, throw {@link SpeechEngineException}. Thread-safe.
 */
public final class GoogleTranslator implements Translator, AutoCloseable {

    public static final String ENGINE = "google-translate";

    private final TranslationServiceClient client;
    private final GoogleTranslateConfig config;

    private GoogleTranslator(TranslationServiceClient client, GoogleTranslateConfig config) {
        this.client = client;
        this.config = config;
    }

    /**
     * Reads the service-account key and connects over TLS.
     *
     * @throws EngineConfigurationException naming {@code speech.translate.google.credentials-file}
     */
    public static GoogleTranslator start(GoogleTranslateConfig config) {
        CredentialsProvider credentials = GoogleCloudAccess.credentials(config.credentialsFile(),
                "speech.translate.google.credentials-file", "Google Cloud Translation");
        return start(config, TranslationServiceSettings.defaultGrpcTransportProviderBuilder()
                .setEndpoint(config.endpoint()).build(), credentials);
    }

    /** Connects through the given channel and credentials (a private endpoint or a test server). */
    public static GoogleTranslator start(GoogleTranslateConfig config, TransportChannelProvider channel,
                                         CredentialsProvider credentials) {
        try {
            TranslationServiceSettings.Builder settings = TranslationServiceSettings.newBuilder().setTransportChannelProvider(channel)
                    .setCredentialsProvider(credentials).setEndpoint(config.endpoint());
            settings.translateTextSettings().setRetrySettings(GoogleCloudAccess.oneAttempt(config.timeoutMs()))
                    .setRetryableCodes();
            return new GoogleTranslator(TranslationServiceClient.create(settings.build()), config);
        } catch (IOException | RuntimeException e) {
            throw new EngineConfigurationException("speech.translate.google.endpoint",
                    "cannot create the Translation client for " + config.endpoint() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Translation translate(String text, Language source, Language target) {
        if (source == target) {
            return Translation.translated(text, ENGINE);
        }
        if (text.isBlank()) {
            return Translation.untranslated("nothing to translate");
        }
        TranslateTextRequest.Builder request = TranslateTextRequest.newBuilder().setParent(config.parent())
                .addContents(text).setMimeType("text/plain")
                .setSourceLanguageCode(GoogleTranslateConfig.languageCode(source))
                .setTargetLanguageCode(GoogleTranslateConfig.languageCode(target));
        if (config.glossaryId() != null) {
            request.setGlossaryConfig(TranslateTextGlossaryConfig.newBuilder()
                    .setGlossary(config.parent() + "/glossaries/" + config.glossaryId()));
        }
        TranslateTextResponse response;
        try {
            response = client.translateTextCallable().call(request.build(),
                    GrpcCallContext.createDefault().withTimeoutDuration(Duration.ofMillis(config.timeoutMs())));
        } catch (ApiException e) {
            if (e.getStatusCode().getCode() == StatusCode.Code.INVALID_ARGUMENT) {
                return Translation.untranslated("Google Translation: " + e.getMessage());
            }
            throw new SpeechEngineException("Google Translation failed: " + GoogleCloudAccess.describe(e), e);
        }
        String translated = response.getGlossaryTranslationsCount() > 0
                ? response.getGlossaryTranslations(0).getTranslatedText()
                : response.getTranslationsCount() > 0 ? response.getTranslations(0).getTranslatedText() : "";
        if (translated.isBlank()) {
            return Translation.untranslated("Google Translation returned an empty translation");
        }
        return Translation.translated(translated, ENGINE);
    }

    @Override
    public void close() {
        client.close();
    }
}
