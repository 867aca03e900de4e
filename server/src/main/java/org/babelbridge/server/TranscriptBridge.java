package org.babelbridge.server;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.babelbridge.calls.Language;
import org.babelbridge.calls.ListenerText;
import org.babelbridge.calls.StageLatencies;
import org.babelbridge.calls.TranscriptEntry;
import org.babelbridge.calls.TranscriptRecorder;
import org.babelbridge.server.observe.SpeechMetrics;
import org.babelbridge.speech.pipeline.UtteranceEvent;
import org.babelbridge.speech.pipeline.UtteranceEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the dubbing pipeline's utterance events to the durable transcript recorder: one row for the speaker's
 * language and one per listener language. The utterance id is derived from (call, speaker, start), so the same
 * event delivered twice is stored once. Latencies: STT final, and the slowest MT and TTS-first-audio among the
 * listener languages. It is the one place where the application's dubbing pipelines (SIP front, ARI front, demo)
 * report utterances, so it also feeds the per-stage speech timers. Called on the speaker's pipeline thread; only
 * enqueues.
 */
@Singleton
public final class TranscriptBridge implements UtteranceEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(TranscriptBridge.class);

    private final TranscriptRecorder recorder;
    private final SpeechMetrics metrics;
    private final AtomicLong rejected = new AtomicLong();

    public TranscriptBridge(TranscriptRecorder recorder, SpeechMetrics metrics) {
        this.recorder = recorder;
        this.metrics = metrics;
    }

    @Override
    public void onUtteranceEvent(UtteranceEvent event) {
        metrics.record(event);
        TranscriptEntry entry;
        try {
            entry = toEntry(event);
        } catch (RuntimeException invalid) {
            rejected.incrementAndGet();
            LOG.error("utterance of call {} not recordable: {}", event.callId(), invalid.getMessage());
            return;
        }
        recorder.record(entry);
    }

    /** Events that could not be turned into a transcript entry (e.g. a call id that is not ours). */
    public long rejectedCount() {
        return rejected.get();
    }

    static TranscriptEntry toEntry(UtteranceEvent e) {
        Language speakerLanguage = Language.fromCode(e.speakerLanguage().code());
        List<ListenerText> listeners = new ArrayList<>();
        listeners.add(ListenerText.original(speakerLanguage));
        Integer mtMs = null;
        Integer ttsMs = null;
        for (UtteranceEvent.ListenerTranslation t : e.translations()) {
            Language language = Language.fromCode(t.language().code());
            listeners.add(t.untranslated() ? ListenerText.untranslated(language)
                    : ListenerText.translated(language, t.translatedText()));
            mtMs = max(mtMs, t.mtMs());
            if (t.ttsFirstAudioMs() >= 0) {
                ttsMs = max(ttsMs, t.ttsFirstAudioMs());
            }
        }
        long callId = Long.parseLong(e.callId());
        Long speaker = parseOrNull(e.speakerId());
        UUID id = UUID.nameUUIDFromBytes((e.callId() + "/" + e.speakerId() + "/" + e.startMs())
                .getBytes(StandardCharsets.UTF_8));
        return new TranscriptEntry(id, callId, speaker, speakerLanguage, e.originalText(), listeners, e.startMs(),
                new StageLatencies(clamp(e.sttFinalMs()), mtMs, ttsMs));
    }

    private static Integer max(Integer current, long value) {
        int v = clamp(value);
        return current == null ? v : Math.max(current, v);
    }

    private static int clamp(long ms) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, ms));
    }

    private static Long parseOrNull(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
