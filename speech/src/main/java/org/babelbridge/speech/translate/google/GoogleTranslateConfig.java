package org.babelbridge.speech.translate.google;

import java.nio.file.Path;
import java.util.Objects;
import org.babelbridge.speech.Language;

/**
 * Settings of the Google Cloud Translation v3 adapter ({@code speech.translate.google.*}).
 *
 * @param credentialsFile service-account key (JSON)
 * @param projectId       the Google Cloud project billed for translation
 * @param location        {@code global}, or the region holding the glossary (e.g. {@code us-central1})
 * @param glossaryId      a glossary created in that project and region, or {@code null} for none
 * @param endpoint        {@code host:port}, normally {@code translate.googleapis.com:443}
 * @param timeoutMs       deadline of one translation
 */
public record GoogleTranslateConfig(Path credentialsFile, String projectId, String location, String glossaryId,
                                    String endpoint, long timeoutMs) {

    public static final String DEFAULT_ENDPOINT = "translate.googleapis.com:443";

    public GoogleTranslateConfig {
        if (projectId == null || projectId.isBlank()) {
            throw new IllegalArgumentException("speech.translate.google.project-id is not set");
        }
        location = location == null || location.isBlank() ? "global" : location;
        if (glossaryId != null && glossaryId.isBlank()) {
            glossaryId = null;
        }
        if (glossaryId != null && location.equals("global")) {
            throw new IllegalArgumentException("speech.translate.google.location must name the glossary's region"
                    + " (glossaries are regional), not global");
        }
        Objects.requireNonNull(endpoint, "endpoint");
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("speech.translate.google.timeout-ms must be positive");
        }
    }

    /** The code Translation v3 uses: {@code iw} for Hebrew (its historical code), {@code en}, {@code ru}. */
    public static String languageCode(Language language) {
        return language == Language.HE ? "iw" : language.code();
    }

    String parent() {
        return "projects/" + projectId + "/locations/" + location;
    }
}
