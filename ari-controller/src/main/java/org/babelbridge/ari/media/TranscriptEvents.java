package org.babelbridge.ari.media;

import org.babelbridge.calls.Language;
import org.babelbridge.calls.ListenerText;
import org.babelbridge.calls.StageLatencies;
import org.babelbridge.calls.TranscriptEntry;
import org.babelbridge.speech.pipeline.UtteranceEvent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Turns the dubbing pipeline's utterance events into the calls module's transcript entries: one
 * listener row per listener language present in the call, with the translation (or the explicit
 * "untranslated" mark) for languages other than the speaker's and no translation for the speaker's.
 */
public final class TranscriptEvents {

    private TranscriptEvents() {
    }

    /**
     * @param listenerLanguages languages of the other participants when the utterance was spoken
     * @param callStartOffsetMs call-clock ms at which the call was recorded as started (media may
     *                          start earlier); subtracted so timestamps are relative to call start
     */
    public static TranscriptEntry toEntry(UtteranceEvent event, long callId, long speakerUserId,
                                          Collection<Language> listenerLanguages, long callStartOffsetMs) {
        Language spoken = Language.fromCode(event.speakerLanguage().code());
        List<ListenerText> listeners = new ArrayList<>();
        for (Language language : listenerLanguages.stream().distinct().toList()) {
            if (language == spoken) {
                listeners.add(ListenerText.original(spoken));
                continue;
            }
            listeners.add(event.translationFor(org.babelbridge.speech.Language.fromCode(language.code()))
                    .map(t -> t.untranslated() ? ListenerText.untranslated(language) : ListenerText.translated(language, t.translatedText()))
                    .orElse(ListenerText.untranslated(language)));
        }
        long mtMs = event.translations().stream().mapToLong(UtteranceEvent.ListenerTranslation::mtMs).max().orElse(-1);
        long ttsMs = event.translations().stream().mapToLong(UtteranceEvent.ListenerTranslation::ttsFirstAudioMs)
                .filter(v -> v >= 0).min().orElse(-1);
        StageLatencies latencies = new StageLatencies(clampMs(event.sttFinalMs()), clampMs(mtMs), clampMs(ttsMs));
        long timestamp = Math.max(0, event.startMs() - callStartOffsetMs);
        return new TranscriptEntry(UUID.randomUUID(), callId, speakerUserId, spoken, event.originalText(), listeners,
                timestamp, latencies);
    }

    private static Integer clampMs(long ms) {
        return ms < 0 ? null : (int) Math.min(ms, Integer.MAX_VALUE);
    }
}
