package org.babelbridge.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.CallSession;
import org.babelbridge.calls.RuleViolationException;
import org.babelbridge.calls.TranscriptLine;
import org.babelbridge.calls.TranscriptReader;
import org.babelbridge.calls.UserAccount;
import org.babelbridge.calls.Violation;

/**
 * {@code GET /api/calls/{id}/metrics}: per-utterance stage latencies from the stored transcript and, while
 * the call's media runs here, per-leg RTP counters. Visible to the call's participants and admins (others 404).
 */
@Controller("/api/calls")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "calls")
@SecurityRequirement(name = "bearer")
class CallMetricsController {

    /** Stage latencies of one listener language for an utterance; null where that stage did not run. */
    @Serdeable
    record ListenerLatency(String language, boolean untranslated, @Nullable Integer mtMs,
                           @Nullable Integer ttsFirstAudioMs) {
    }

    @Serdeable
    record UtteranceLatency(String utteranceId, @Nullable Long speakerUserId, String language,
                            @Nullable Integer timestampMs, @Nullable Integer sttMs, List<ListenerLatency> listeners) {
    }

    @Serdeable
    record LegView(long userId, long packetsReceived, long packetsLost, double lossPercent, double jitterMs,
                   long late, double latePercent, long concealedFrames, int playoutDelayMs, long packetsSent,
                   long malformed) {
        static LegView of(LiveCallMedia.LegRtp l) {
            long expected = l.packetsReceived() + Math.max(0, l.packetsLost());
            return new LegView(l.userId(), l.packetsReceived(), l.packetsLost(),
                    expected == 0 ? 0 : 100.0 * Math.max(0, l.packetsLost()) / expected, l.jitterMs(), l.late(),
                    l.packetsReceived() == 0 ? 0 : 100.0 * l.late() / l.packetsReceived(), l.concealedFrames(),
                    l.playoutDelayMs(), l.packetsSent(), l.malformed());
        }
    }

    @Serdeable
    record CallMetricsView(long callId, boolean active, List<UtteranceLatency> utterances, boolean mediaLive,
                           List<LegView> legs) {
    }

    private final CurrentUser current;
    private final CallService calls;
    private final TranscriptReader transcripts;
    private final Optional<LiveCallMedia> media;

    CallMetricsController(CurrentUser current, CallService calls, TranscriptReader transcripts,
                          Optional<LiveCallMedia> media) {
        this.current = current;
        this.calls = calls;
        this.transcripts = transcripts;
        this.media = media;
    }

    @Get("/{id}/metrics")
    @Operation(summary = "Per-utterance stage latencies and, while the media runs, per-leg RTP loss, jitter and late")
    CallMetricsView metrics(long id, Authentication auth) {
        UserAccount me = current.of(auth);
        CallSession call = calls.find(id)
                .filter(c -> CurrentUser.isAdmin(me) || c.hasParticipant(me.id()))
                .orElseThrow(() -> new RuleViolationException(Violation.NOT_FOUND, "call not found"));
        List<LiveCallMedia.LegRtp> legs = media.map(m -> m.legs(id)).orElse(List.of());
        return new CallMetricsView(id, call.active(), utterances(transcripts.transcriptOf(id)), !legs.isEmpty(),
                legs.stream().map(LegView::of).toList());
    }

    /** Groups transcript rows (one per utterance per listener language) back into utterances, in call order. */
    static List<UtteranceLatency> utterances(List<TranscriptLine> rows) {
        Map<UUID, List<TranscriptLine>> byUtterance = new LinkedHashMap<>();
        for (TranscriptLine row : rows) {
            byUtterance.computeIfAbsent(row.utteranceId(), k -> new ArrayList<>()).add(row);
        }
        List<UtteranceLatency> result = new ArrayList<>();
        for (Map.Entry<UUID, List<TranscriptLine>> e : byUtterance.entrySet()) {
            TranscriptLine first = e.getValue().get(0);
            List<ListenerLatency> listeners = new ArrayList<>();
            Integer stt = null;
            for (TranscriptLine row : e.getValue()) {
                stt = stt != null ? stt : row.latencies().sttMs();
                if (row.listenerLanguage() != null && row.listenerLanguage() != row.originalLanguage()) {
                    listeners.add(new ListenerLatency(row.listenerLanguage().code(), row.untranslated(),
                            row.latencies().mtMs(), row.latencies().ttsFirstAudioMs()));
                }
            }
            result.add(new UtteranceLatency(String.valueOf(e.getKey()), first.speakerUserId(),
                    first.originalLanguage().code(), first.timestampMs(), stt, listeners));
        }
        return result;
    }
}
