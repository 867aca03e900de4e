package org.babelbridge.sip.adapter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.babelbridge.calls.Language;
import org.babelbridge.calls.ListenerText;
import org.babelbridge.calls.StageLatencies;
import org.babelbridge.calls.TranscriptEntry;
import org.babelbridge.calls.TranscriptRecorder;
import org.babelbridge.speech.pipeline.UtteranceEvent;
import org.babelbridge.speech.pipeline.UtteranceEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands utterance events (pipeline call id = decimal call id) to the durable transcript recorder:
 * one row for the speaker's language and one per listener language. The utterance id is derived from
 * (call, speaker, start), so an event delivered twice is stored once. Called on a speaker's pipeline
 * thread; only enqueues.
 */
public final class TranscriptEvents implements UtteranceEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(TranscriptEvents.class);

    private final TranscriptRecorder recorder;

    public TranscriptEvents(TranscriptRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void onUtteranceEvent(UtteranceEvent event) {
        try {
            List<ListenerText> listeners = new ArrayList<>();
            Integer mtMs = null;
            Integer ttsMs = null;
            for (UtteranceEvent.ListenerTranslation t : event.translations()) {
                Language language = Language.fromCode(t.language().code());
                listeners.add(t.translatedText() == null ? ListenerText.untranslated(language)
                        : ListenerText.translated(language, t.translatedText()));
                mtMs = mtMs == null ? (int) t.mtMs() : Math.max(mtMs, (int) t.mtMs());
                if (t.ttsFirstAudioMs() >= 0) {
                    ttsMs = ttsMs == null ? (int) t.ttsFirstAudioMs() : Math.max(ttsMs, (int) t.ttsFirstAudioMs());
                }
            }
            UUID utteranceId = UUID.nameUUIDFromBytes((event.callId() + ":" + event.speakerId() + ":" + event.startMs())
                    .getBytes(StandardCharsets.UTF_8));
            recorder.record(new TranscriptEntry(utteranceId, Long.parseLong(event.callId()),
                    Long.parseLong(event.speakerId()), Language.fromCode(event.speakerLanguage().code()),
                    event.originalText() == null ? "" : event.originalText(), listeners, Math.max(0, event.startMs()),
                    new StageLatencies((int) event.sttFinalMs(), mtMs, ttsMs)));
        } catch (RuntimeException e) {
            LOG.error("utterance of call {} could not be recorded: {}", event.callId(), e.getMessage());
        }
    }
}
