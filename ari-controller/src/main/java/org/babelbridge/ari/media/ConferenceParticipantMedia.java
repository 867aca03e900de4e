package org.babelbridge.ari.media;

import org.babelbridge.ari.CallUser;
import org.babelbridge.ari.ExternalMediaFormat;
import org.babelbridge.ari.ParticipantMedia;
import org.babelbridge.media.codec.AudioCodec;
import org.babelbridge.media.codec.PcmuCodec;
import org.babelbridge.media.conference.CallMedia;
import org.babelbridge.media.conference.MediaEngine;
import org.babelbridge.media.conference.MediaLeg;
import org.babelbridge.media.mix.Route;
import org.babelbridge.speech.pipeline.DubbingConfig;
import org.babelbridge.speech.pipeline.DubbingPipeline;
import org.babelbridge.speech.pipeline.Participant;
import org.babelbridge.speech.pipeline.SpeechEngines;
import org.babelbridge.speech.pipeline.UtteranceEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The media engine and the dubbing pipeline behind the Asterisk front: per call one
 * {@link CallMedia} (the per-listener mixes) and one {@link DubbingPipeline} (STT, translation and
 * TTS per speaker-listener language pair); per participant one {@link MediaLeg} speaking the
 * externalMedia format. Listeners sharing the speaker's language hear the original, the others
 * the dubbed speech; each recognised utterance becomes a transcript entry.
 * <p>
 * Called from the Stasis application's event thread; synchronized so that any thread may call.
 */
public final class ConferenceParticipantMedia implements ParticipantMedia, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConferenceParticipantMedia.class);

    private final MediaEngine engine;
    private final SpeechEngines speech;
    private final DubbingConfig dubbing;
    private final Clock clock;
    private final Function<CallUser, Participant> voices;
    private final UtteranceEventListener transcripts;
    private final Map<Long, CallState> calls = new HashMap<>();

    /**
     * @param voices      how each user sounds when dubbed (profile and clone, if any)
     * @param transcripts where each recognised utterance goes (the application's transcript writer);
     *                    called on the speaker's pipeline thread, must return quickly
     */
    public ConferenceParticipantMedia(MediaEngine engine, SpeechEngines speech, DubbingConfig dubbing, Clock clock,
                                      Function<CallUser, Participant> voices, UtteranceEventListener transcripts) {
        this.engine = engine;
        this.speech = speech;
        this.dubbing = dubbing;
        this.clock = clock;
        this.voices = voices;
        this.transcripts = transcripts;
    }

    /** One call's media, pipeline and participants (by user id). */
    private final class CallState {
        final long callId;
        final CallMedia media;
        final DubbingPipeline pipeline;
        final Map<Long, CallUser> members = new LinkedHashMap<>();

        CallState(long callId) {
            this.callId = callId;
            this.media = engine.createCall(Long.toString(callId));
            this.pipeline = new DubbingPipeline(Long.toString(callId), List.of(), speech, media,
                    event -> {
                        try {
                            transcripts.onUtteranceEvent(event);
                        } catch (RuntimeException e) {
                            LOG.error("transcript of call {} could not be recorded", callId, e);
                        }
                    }, dubbing, clock);
            media.setUtteranceListener(pipeline);
        }
    }

    @Override
    public synchronized Leg open(long callId, CallUser user, ExternalMediaFormat format) {
        CallState call = calls.computeIfAbsent(callId, CallState::new);
        String participantId = Long.toString(user.userId());
        MediaLeg leg = engine.openLeg("call-" + callId + "-user-" + user.userId());
        AudioCodec codec = format == ExternalMediaFormat.SLIN16 ? new Slin16Codec() : new PcmuCodec();
        try {
            // No RFC 4733 on externalMedia: Asterisk reports DTMF as ARI events.
            leg.configure(codec, codec, -1, null);
            call.pipeline.addParticipant(voices.apply(user));
            call.media.addParticipant(participantId, leg);
        } catch (RuntimeException e) {
            leg.close();
            throw e;
        }
        for (CallUser other : call.members.values()) {
            boolean same = other.language().equals(user.language());
            String otherId = Long.toString(other.userId());
            call.media.setRoute(otherId, participantId, same ? Route.PASSTHROUGH : Route.DUBBED);
            call.media.setRoute(participantId, otherId, same ? Route.PASSTHROUGH : Route.DUBBED);
        }
        call.members.put(user.userId(), user);
        return new ExternalMediaLeg(call, user.userId(), leg, codec);
    }

    private synchronized void closeLeg(CallState call, long userId, MediaLeg leg) {
        String participantId = Long.toString(userId);
        call.media.removeParticipant(participantId);
        call.pipeline.removeParticipant(participantId);
        leg.close();
        call.members.remove(userId);
        if (call.members.isEmpty() && calls.get(call.callId) == call) {
            calls.remove(call.callId);
            call.pipeline.close();
            call.media.close();
        }
    }

    /** One participant's leg: the media engine's RTP leg plus the call it belongs to. */
    private final class ExternalMediaLeg implements Leg {
        private final CallState call;
        private final long userId;
        private final MediaLeg leg;
        private final AudioCodec codec;
        private boolean closed;

        ExternalMediaLeg(CallState call, long userId, MediaLeg leg, AudioCodec codec) {
            this.call = call;
            this.userId = userId;
            this.leg = leg;
            this.codec = codec;
        }

        @Override
        public InetSocketAddress localAddress() {
            return new InetSocketAddress(engine.config().bindAddress(), leg.localPort());
        }

        @Override
        public void sendTo(InetSocketAddress asteriskRtp) {
            leg.configure(codec, codec, -1, asteriskRtp);
        }

        @Override
        public void setMuted(boolean muted) {
            call.media.setMuted(Long.toString(userId), muted);
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                closeLeg(call, userId, leg);
            }
        }
    }

    /** Per-call media and dubbing counters, for metrics and diagnostics. */
    public synchronized List<String> stats() {
        return calls.values().stream().map(c -> c.media.stats() + " " + c.pipeline.stats()).toList();
    }

    @Override
    public synchronized void close() {
        for (CallState call : calls.values()) {
            call.pipeline.close();
            call.media.close();
        }
        calls.clear();
    }
}
