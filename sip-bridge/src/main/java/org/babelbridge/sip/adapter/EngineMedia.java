package org.babelbridge.sip.adapter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.RoutingPlan;
import org.babelbridge.media.codec.AudioCodec;
import org.babelbridge.media.codec.Codecs;
import org.babelbridge.media.conference.CallMedia;
import org.babelbridge.media.conference.MediaEngine;
import org.babelbridge.media.conference.MediaLeg;
import org.babelbridge.media.mix.Route;
import org.babelbridge.sip.CallParty;
import org.babelbridge.sip.NegotiatedAudio;
import org.babelbridge.sip.SipCallMedia;
import org.babelbridge.sip.SipMedia;
import org.babelbridge.sip.SipMediaLeg;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.pipeline.DubbingConfig;
import org.babelbridge.speech.pipeline.DubbingPipeline;
import org.babelbridge.speech.pipeline.SpeakerVoices;
import org.babelbridge.speech.pipeline.SpeechEngines;
import org.babelbridge.speech.pipeline.UtteranceEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP front's media port served by the media engine and the dubbing pipeline: one
 * {@link MediaLeg} per participant, one {@link CallMedia} and one {@link DubbingPipeline} per call,
 * routes from the calls services' routing plan, utterance events to the transcript listener (the
 * pipeline's call id is the decimal call id).
 * Methods run on signalling threads; nothing here runs on the media clock.
 */
public final class EngineMedia implements SipMedia {

    private static final Logger LOG = LoggerFactory.getLogger(EngineMedia.class);
    /** A speaker id no participant has, so notices play on the listener's announcement slot. */
    private static final String NOTICE_SPEAKER = "bridge-notice";

    private final SpeakerVoices voices;
    private final MediaEngine engine;
    private final SpeechEngines speech;
    private final DubbingConfig dubbing;
    private final UtteranceEventListener transcripts;
    private final CallService calls;
    private final Clock clock;
    private final AloneNotice notice;

    /** {@code transcripts} receives every utterance event of every call (the application's transcript writer). */
    public EngineMedia(MediaEngine engine, SpeechEngines speech, DubbingConfig dubbing, UtteranceEventListener transcripts,
                       CallService calls, Clock clock) {
        this(engine, speech, dubbing, transcripts, calls, clock, SpeakerVoices.NEUTRAL);
    }

    /** @param voices each joining participant's voice profile and clone (looked up once, on joining) */
    public EngineMedia(MediaEngine engine, SpeechEngines speech, DubbingConfig dubbing, UtteranceEventListener transcripts,
                       CallService calls, Clock clock, SpeakerVoices voices) {
        this.voices = voices;
        this.engine = engine;
        this.speech = speech;
        this.dubbing = dubbing;
        this.transcripts = transcripts;
        this.calls = calls;
        this.clock = clock;
        this.notice = new AloneNotice(speech.standardSynthesizer());
    }

    @Override
    public List<String> codecNames() {
        return Codecs.supportedNames();
    }

    @Override
    public SipMediaLeg openLeg() throws IOException {
        try {
            return new Leg(engine.openLeg(java.util.UUID.randomUUID().toString()));
        } catch (IllegalStateException e) {
            throw new IOException("no RTP port free (babel.media.rtp-port-min/max): " + e.getMessage(), e);
        }
    }

    @Override
    public SipCallMedia startCall(long callId, DtmfListener dtmf) {
        CallMedia media = engine.createCall(Long.toString(callId));
        DubbingPipeline pipeline = new DubbingPipeline(Long.toString(callId), List.of(), speech, media,
                transcripts, dubbing, clock);
        media.setUtteranceListener(pipeline);
        media.setDtmfListener((participantId, digit, durationMs) -> dtmf.onDigit(Long.parseLong(participantId), digit));
        return new Call(callId, media, pipeline);
    }

    /** A leg adapted to the SIP front. */
    private static final class Leg implements SipMediaLeg {
        final MediaLeg leg;
        private org.babelbridge.sip.SrtpKeys srtpKeys;
        private final java.util.concurrent.atomic.AtomicBoolean srtpReported = new java.util.concurrent.atomic.AtomicBoolean();

        Leg(MediaLeg leg) {
            this.leg = leg;
        }

        @Override
        public int localPort() {
            return leg.localPort();
        }

        @Override
        public void connect(NegotiatedAudio audio) {
            AudioCodec encoder = Codecs.create(audio.codecName());
            AudioCodec decoder = Codecs.create(audio.codecName());
            // Held: no SDP address to send to; symmetric RTP still answers where packets come from.
            InetSocketAddress remote = audio.peerReceives()
                    ? new InetSocketAddress(audio.remoteHost(), audio.remotePort()) : null;
            leg.configure(encoder, decoder, audio.telephoneEventPayloadType(), remote);
            protect(audio.srtp());
            // a phone on hold (sendonly, inactive) gets no media until it resumes
            leg.setSending(audio.peerReceives());
        }

        /** Keeps the SRTP state (rollover counters, replay lists) when a re-INVITE leaves the keys as they were. */
        private synchronized void protect(org.babelbridge.sip.SrtpKeys keys) {
            if (java.util.Objects.equals(keys, srtpKeys)) {
                return;
            }
            srtpKeys = keys;
            leg.setProtection(keys == null ? null : new org.babelbridge.media.srtp.SrtpSession(
                    org.babelbridge.media.srtp.SrtpCryptoSuite.fromSdpName(keys.suite()).orElseThrow(),
                    keys.localKeyAndSalt(), keys.remoteKeyAndSalt()));
        }

        @Override
        public void close() {
            org.babelbridge.media.srtp.RtpProtection protection = leg.protection();
            leg.close();
            if (protection != null && srtpReported.compareAndSet(false, true)) {
                org.babelbridge.media.srtp.SrtpStats srtp = protection.stats();
                LOG.info("leg {} SRTP ({}): {} packets sent, {} authenticated, {} failed authentication, {} replays, "
                        + "{} malformed", leg.legId(), srtp.suite(), srtp.rtpProtected(), srtp.rtpAuthenticated(),
                        srtp.authenticationFailures(), srtp.replaysDropped(), srtp.malformed());
            }
        }
    }

    /** One answered call's media and dubbing. */
    private final class Call implements SipCallMedia {
        private final long callId;
        private final CallMedia media;
        private final DubbingPipeline pipeline;
        private final List<CallParty> parties = new ArrayList<>();

        Call(long callId, CallMedia media, DubbingPipeline pipeline) {
            this.callId = callId;
            this.media = media;
            this.pipeline = pipeline;
        }

        @Override
        public synchronized void join(CallParty party, SipMediaLeg leg) {
            String id = Long.toString(party.userId());
            media.addParticipant(id, ((Leg) leg).leg);
            pipeline.addParticipant(voices.participant(id, Language.fromCode(party.language())));
            parties.add(party);
            applyRoutes();
        }

        @Override
        public synchronized void leave(long userId) {
            String id = Long.toString(userId);
            media.removeParticipant(id);
            pipeline.removeParticipant(id);
            parties.removeIf(p -> p.userId() == userId);
        }

        @Override
        public void setMuted(long userId, boolean muted) {
            media.setMuted(Long.toString(userId), muted);
        }

        @Override
        public long announceAlone(long userId) {
            CallParty party;
            synchronized (this) {
                party = parties.stream().filter(p -> p.userId() == userId).findFirst().orElse(null);
            }
            if (party == null) {
                return 0;
            }
            short[] pcm = notice.speak(Language.fromCode(party.language()));
            // no such speaker: the media engine plays it on the listener's announcement slot
            media.play(Long.toString(userId), NOTICE_SPEAKER, pcm);
            return AloneNotice.durationMs(pcm);
        }

        /** Routes per speaker-listener pair: the calls services' plan, else the language rule itself. */
        private void applyRoutes() {
            RoutingPlan plan = null;
            try {
                plan = calls.routingPlan(callId);
            } catch (RuntimeException e) {
                LOG.warn("routing plan of call {} unavailable, routing by language: {}", callId, e.getMessage());
            }
            for (CallParty speaker : parties) {
                for (CallParty listener : parties) {
                    if (speaker.userId() == listener.userId()) {
                        continue;
                    }
                    boolean passthrough = speaker.language().equals(listener.language());
                    if (plan != null) {
                        passthrough = plan.from(speaker.userId()).stream()
                                .filter(r -> r.listenerUserId() == listener.userId()).findFirst()
                                .map(r -> r.kind() == org.babelbridge.calls.Route.Kind.PASSTHROUGH).orElse(passthrough);
                    }
                    media.setRoute(Long.toString(speaker.userId()), Long.toString(listener.userId()),
                            passthrough ? Route.PASSTHROUGH : Route.DUBBED);
                }
            }
        }

        @Override
        public void close() {
            media.setUtteranceListener(null);
            media.setDtmfListener(null);
            pipeline.close();
            media.close();
        }
    }
}
