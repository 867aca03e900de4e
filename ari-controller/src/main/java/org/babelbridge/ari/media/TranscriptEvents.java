package org.babelbridge.ari.media;

import org.babelbridge.calls.Language;
import org.babelbridge.calls.ListenerText;
import org.babelbridge.calls.StageLatencies;
import org.babelbridge.calls.TranscriptEntry;
import org.babelbridge.calls.TranscriptRecorder;
import org.babelbridge.speech.pipeline.UtteranceEvent;
import org.babelbridge.speech.pipeline.UtteranceEventListener;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns the dubbing pipeline's utterance events into the calls module's transcript entries the way
 * the SIP front's media adapter does: one listener entry per translation (or explicit
 * "untranslated" mark); the calls module adds the speaker's own-language row when nobody needed a
 * translation. The server wires the application's shared transcript writer instead; this one
 * serves tests and embedders without the server.
 */
public final class TranscriptEvents {

    private TranscriptEvents() {
    }

    /** A listener writing each event to {@code recorder} (call id from the event). */
    public static UtteranceEventListener recordingTo(TranscriptRecorder recorder) {
        return event -> recorder.record(toEntry(Long.parseLong(event.callId()), event));
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
