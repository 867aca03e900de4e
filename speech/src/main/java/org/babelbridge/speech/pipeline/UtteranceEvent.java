package org.babelbridge.speech.pipeline;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.babelbridge.speech.Language;

/**
 * One recognised utterance and what each listener language got: the calls module stores one
 * transcript row for the speaker's language (no translation) and one per entry of
 * {@code translations}. Times are on the call clock (ms since media start); latencies in ms.
 *
 * @param queueWaitMs  from the utterance reaching the pipeline to the speaker's worker starting on it
 * @param sttFinalMs   from the worker starting on the utterance to the final recognition
 * @param translations one entry per distinct listener language other than the speaker's
 */
public record UtteranceEvent(String callId, String speakerId, Language speakerLanguage, String originalText,
                             long startMs, long endMs, long queueWaitMs, long sttFinalMs, List<ListenerTranslation> translations) {

    public UtteranceEvent {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(speakerId, "speakerId");
        Objects.requireNonNull(speakerLanguage, "speakerLanguage");
        Objects.requireNonNull(originalText, "originalText");
        translations = List.copyOf(translations);
    }

    /**
     * What listeners of one language got.
     *
     * @param translatedText     the translation, or {@code null} when untranslated
     * @param untranslatedReason why there is no translation, or {@code null} when translated
     * @param mtMs               translation latency
     * @param ttsFirstAudioMs    from the start of synthesis to its first audio, -1 when nothing was spoken
     */
    public record ListenerTranslation(Language language, String translatedText, String untranslatedReason,
                                      long mtMs, long ttsFirstAudioMs) {

        public ListenerTranslation {
            Objects.requireNonNull(language, "language");
            if ((translatedText == null) == (untranslatedReason == null)) {
                throw new IllegalArgumentException("exactly one of translatedText and untranslatedReason is set");
            }
        }

        public boolean untranslated() {
            return translatedText == null;
        }
    }

    /** The entry for listeners of {@code language}, if they needed a translation. */
    public Optional<ListenerTranslation> translationFor(Language language) {
        return translations.stream().filter(t -> t.language() == language).findFirst();
    }
}
