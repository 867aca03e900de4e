package org.babelbridge.calls;

import jakarta.inject.Singleton;
import java.util.List;
import org.babelbridge.db.CallTranscriptEntity;
import org.babelbridge.db.CallTranscriptRepository;

/** Reads stored transcripts. Thread-safe; blocking. */
@Singleton
public final class TranscriptReader {

    private final CallTranscriptRepository transcripts;

    public TranscriptReader(CallTranscriptRepository transcripts) {
        this.transcripts = transcripts;
    }

    /** The call's rows ordered by timestamp (then utterance, then row id). */
    public List<TranscriptLine> transcriptOf(long callId) {
        if (callId <= 0 || callId > Integer.MAX_VALUE) {
            return List.of();
        }
        return transcripts.findTranscriptOf((int) callId).stream().map(TranscriptReader::of).toList();
    }

    private static TranscriptLine of(CallTranscriptEntity t) {
        return new TranscriptLine(t.id(), t.callId(), t.utteranceId(),
                t.speakerUserId() == null ? null : (long) t.speakerUserId(), Language.fromCode(t.originalLanguage()),
                t.originalText(), t.listenerLanguage() == null ? null : Language.fromCode(t.listenerLanguage()),
                t.translatedText(), t.untranslated(), t.timestampMs(),
                new StageLatencies(t.sttMs(), t.mtMs(), t.ttsFirstAudioMs()), Times.instant(t.createdAt()));
    }
}
