package org.babelbridge.ari.media;

import org.babelbridge.calls.Language;
import org.babelbridge.calls.ListenerText;
import org.babelbridge.calls.StageLatencies;
import org.babelbridge.calls.TranscriptEntry;
import org.babelbridge.speech.pipeline.UtteranceEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns the dubbing pipeline's utterance events into the calls module's transcript entries, the
 * same way the SIP front does, so both fronts store the same rows: one listener entry per
 * translation (or explicit "untranslated" mark) of the event; the calls module adds the speaker's
 * own-language row when nobody needed a translation.
 */
public final class TranscriptEvents {

    private TranscriptEvents() {
    }

    public static TranscriptEntry toEntry(long callId, UtteranceEvent event) {
        List<ListenerText> listeners = new ArrayList<>();
        Integer mtMs = null;
        Integer ttsMs = null;
        for (UtteranceEvent.ListenerTranslation t : event.translations()) {
            Language language = Language.fromCode(t.language().code());
            listeners.add(t.translatedText() == null ? ListenerText.untranslated(language)
                    : ListenerText.translated(language, t.translatedText()));
            mtMs = mtMs == null ? (Integer) (int) t.mtMs() : mtMs;
            ttsMs = ttsMs == null && t.ttsFirstAudioMs() >= 0 ? (Integer) (int) t.ttsFirstAudioMs() : ttsMs;
        }
        return new TranscriptEntry(UUID.randomUUID(), callId, Long.parseLong(event.speakerId()),
                Language.fromCode(event.speakerLanguage().code()),
                event.originalText() == null ? "" : event.originalText(), listeners, Math.max(0, event.startMs()),
                new StageLatencies((int) event.sttFinalMs(), mtMs, ttsMs));
    }
}
