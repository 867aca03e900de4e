package org.babelbridge.ari;

import com.fasterxml.jackson.databind.JsonNode;
import org.babelbridge.ari.client.AriChannel;
import org.babelbridge.ari.client.AriEvent;
import org.babelbridge.ari.client.AriEventListener;
import org.babelbridge.ari.client.AriException;
import org.babelbridge.ari.client.AriRestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Stasis application: turns ARI events into calls.
 * <p>
 * A caller's channel enters Stasis with args {@code inbound,<dialled>}. The caller is identified
 * (PJSIP endpoint name, or caller ID on the trunk), the callee found and the rules asked; the caller
 * hears ringing while the callee is originated into Stasis with args
 * {@code outbound,<session>,<userId>}. When the callee answers the call is recorded and both are
 * connected: per participant an externalMedia channel exchanges RTP with that participant's media
 * leg, joined to the participant's channel in a two-channel mixing bridge, so each participant
 * sends their voice to the bridge and hears their own personal mix. Busy, no answer or a caller
 * giving up first is a missed call; a hang-up after the start is a leave, and when the rules end
 * the call the others are hung up.
 * <p>
 * Every method runs on the event thread of the {@link org.babelbridge.ari.client.AriEventStream}
 * (or is marshalled onto it by {@link AriFront}), so the state below needs no locks. After each
 * connect the state is reconciled with Asterisk's live channels and bridges.
 */
public final class StasisApplication implements AriEventListener {
    private static final Logger LOG = LoggerFactory.getLogger(StasisApplication.class);
    static final String ID_PREFIX = "bb-";

    private final AriRestClient ari;
    private final CallRules rules;
    private final ParticipantMedia media;
    private final AriControllerSettings settings;
    private final Instant startedAt;
    private final AtomicLong sequence = new AtomicLong();

    private final Map<Long, Session> sessions = new LinkedHashMap<>();
    private final Map<String, Participant> byChannel = new HashMap<>();
    private final Map<String, Participant> byMediaChannel = new HashMap<>();

    public StasisApplication(AriRestClient ari, CallRules rules, ParticipantMedia media, AriControllerSettings settings) {
        this(ari, rules, media, settings, Clock.systemUTC());
    }

    /** @param clock tells which live channels predate this application (left over from a previous run) */
    public StasisApplication(AriRestClient ari, CallRules rules, ParticipantMedia media, AriControllerSettings settings,
                             Clock clock) {
        this.ari = ari;
        this.rules = rules;
        this.media = media;
        this.settings = settings;
        this.startedAt = clock.instant();
    }

    /** One call from the caller's first ring to its end; {@code callId} is set once it is recorded. */
    private static final class Session {
        final long key;
        Long callId;
        final Map<Long, Participant> participants = new LinkedHashMap<>();
        String declineReason = "no_answer";

        Session(long key) {
            this.key = key;
        }

        Participant caller() {
            return participants.values().stream().filter(p -> p.caller).findFirst().orElseThrow();
        }
    }

    /** One participant's channel, its externalMedia channel, bridge and media leg. */
    private static final class Participant {
        final Session session;
        final CallUser user;
        final String channelId;
        final boolean caller;
        boolean answered;
        boolean mediaConnected;
        boolean muted;
        String mediaChannelId;
        String bridgeId;
        ParticipantMedia.Leg leg;

        Participant(Session session, CallUser user, String channelId, boolean caller) {
            this.session = session;
            this.user = user;
            this.channelId = channelId;
            this.caller = caller;
            this.answered = caller;
        }
    }

    // ---- connection ---------------------------------------------------------------------------

    @Override
    public void onConnected(boolean reconnected) {
        syncPresence();
        reconcile();
    }

    @Override
    public void onDisconnected(String reason) {
        LOG.warn("ARI disconnected ({}); {} calls kept, reconciled on reconnect", reason, sessions.size());
    }

    // ---- events -------------------------------------------------------------------------------

    @Override
    public void onEvent(AriEvent event) {
        Optional<AriChannel> channel = event.channel();
        MDC.put(LOG_STAGE, "ari");
        channel.or(event::peer).ifPresent(c -> tagLogContext(c.id()));
        try {
            dispatch(event, channel);
        } finally {
            MDC.remove(LOG_STAGE);
            MDC.remove(LOG_CALL_ID);
            MDC.remove(LOG_PARTICIPANT_ID);
        }
    }

    static final String LOG_CALL_ID = "callId";
    static final String LOG_PARTICIPANT_ID = "participantId";
    static final String LOG_STAGE = "stage";

    /** Log context (MDC) of an event about a known participant's channel: the call id once recorded and the user. */
    private void tagLogContext(String channelId) {
        Participant p = byChannel.get(channelId);
        if (p == null) {
            p = byMediaChannel.get(channelId);
        }
        if (p != null) {
            MDC.put(LOG_PARTICIPANT_ID, Long.toString(p.user.userId()));
            if (p.session.callId != null) {
                MDC.put(LOG_CALL_ID, Long.toString(p.session.callId));
            }
        }
    }

    private void dispatch(AriEvent event, Optional<AriChannel> channel) {
        switch (event.type()) {
            case "StasisStart" -> channel.ifPresent(c -> stasisStart(c, event.args()));
            case "StasisEnd" -> channel.ifPresent(c -> channelGone(c.id(), 16));
            case "ChannelDestroyed" -> channel.ifPresent(c -> channelGone(c.id(), event.cause()));
            case "ChannelDtmfReceived" -> channel.ifPresent(c -> dtmf(c.id(), event.digit()));
            case "Dial" -> event.peer().ifPresent(peer -> dialStatus(peer.id(), event.dialStatus()));
            case "EndpointStateChange" -> endpointState(event.json().path("endpoint"));
            default -> {
                // ChannelStateChange, ChannelHangupRequest, bridge events: the decisions are taken on
                // StasisStart/StasisEnd/ChannelDestroyed, which always follow.
            }
        }
    }

    private void stasisStart(AriChannel channel, List<String> args) {
        if (byMediaChannel.containsKey(channel.id()) || "UnicastRTP".equals(channel.technology())) {
            return; // our own externalMedia channel entering the application
        }
        Participant known = byChannel.get(channel.id());
        if (known != null && known.caller) {
            return; // already taken up by a reconcile that saw the channel before this event
        }
        if (!args.isEmpty() && "outbound".equals(args.get(0))) {
            calleeAnswered(channel);
            return;
        }
        inboundCall(channel, args.size() > 1 ? args.get(1) : channel.exten());
    }

    private void inboundCall(AriChannel channel, String dialled) {
        Optional<CallUser> caller = identify(channel);
        if (caller.isEmpty()) {
            LOG.info("refusing call from unknown caller {} ({})", channel.name(), channel.callerNumber());
            hangup(channel.id(), CallRefusedException.Reason.UNKNOWN_CALLER.ariHangupReason());
            return;
        }
        Optional<CallUser> callee = dialled == null || dialled.isBlank() ? Optional.empty() : rules.findByDialled(dialled);
        if (callee.isEmpty()) {
            LOG.info("user {} dialled '{}': nobody", caller.get().userId(), dialled);
            hangup(channel.id(), CallRefusedException.Reason.UNKNOWN_TARGET.ariHangupReason());
            return;
        }
        try {
            rules.authorize(caller.get().userId(), callee.get().userId());
        } catch (CallRefusedException e) {
            LOG.info("call {} -> {} refused: {}", caller.get().userId(), callee.get().userId(), e.getMessage());
            hangup(channel.id(), e.reason().ariHangupReason());
            return;
        }
        Session session = new Session(sequence.incrementAndGet());
        sessions.put(session.key, session);
        Participant p = new Participant(session, caller.get(), channel.id(), true);
        session.participants.put(p.user.userId(), p);
        byChannel.put(channel.id(), p);
        try {
            ari.ring(channel.id());
        } catch (AriException e) {
            LOG.warn("ring indication to {} failed: {}", channel.id(), e.getMessage());
        }
        originate(session, callee.get());
    }

    private Optional<CallUser> identify(AriChannel channel) {
        String endpoint = channel.pjsipEndpoint();
        if (endpoint.equals(settings.trunkEndpoint())) {
            String number = channel.callerNumber().trim();
            return number.isEmpty() ? Optional.empty() : rules.userByPhoneNumber(e164(number));
        }
        return endpoint.isEmpty() ? Optional.empty() : rules.userBySipUsername(endpoint);
    }

    private static String e164(String number) {
        String digits = number.replaceAll("[^0-9+]", "");
        if (digits.startsWith("00")) {
            return "+" + digits.substring(2);
        }
        return digits.startsWith("+") ? digits : "+" + digits;
    }

    private void originate(Session session, CallUser callee) {
        String endpoint;
        if (callee.hasSoftphone()) {
            endpoint = "PJSIP/" + callee.sipUsername();
        } else if (callee.hasPhoneNumber()) {
            endpoint = "PJSIP/" + callee.phoneNumber() + "@" + settings.trunkEndpoint();
        } else {
            LOG.info("user {} has neither a SIP username nor a phone number: cannot ring", callee.userId());
            notAnswered(session, callee.userId());
            return;
        }
        String channelId = ID_PREFIX + session.key + "-" + callee.userId() + "-" + sequence.incrementAndGet();
        Participant p = new Participant(session, callee, channelId, false);
        session.participants.put(callee.userId(), p);
        byChannel.put(channelId, p);
        try {
            ari.originate(channelId, endpoint, callerIdOf(session.caller().user), settings.ringTimeoutSeconds(),
                    List.of("outbound", Long.toString(session.key), Long.toString(callee.userId())));
        } catch (AriException e) {
            LOG.warn("originate to {} failed: {}", endpoint, e.getMessage());
            byChannel.remove(channelId);
            session.participants.remove(callee.userId());
            session.declineReason = "congestion";
            notAnswered(session, callee.userId());
        }
    }

    private static String callerIdOf(CallUser caller) {
        String number = caller.hasPhoneNumber() ? caller.phoneNumber() : caller.sipUsername();
        String name = caller.displayName() == null ? "" : caller.displayName().replace("\"", "");
        return name.isBlank() ? number : "\"" + name + "\" <" + number + ">";
    }

    private void calleeAnswered(AriChannel channel) {
        Participant p = byChannel.get(channel.id());
        if (p == null) {
            LOG.info("hanging up unknown outbound channel {}", channel.id());
            hangup(channel.id(), "normal");
            return;
        }
        if (p.answered) {
            return;
        }
        Session session = p.session;
        Participant caller = session.caller();
        if (session.callId == null) {
            try {
                session.callId = rules.start(caller.user.userId(), p.user.userId());
                MDC.put(LOG_CALL_ID, Long.toString(session.callId));
            } catch (CallRefusedException e) {
                LOG.info("call {} -> {} refused on answer: {}", caller.user.userId(), p.user.userId(), e.getMessage());
                endSession(session, e.reason().ariHangupReason());
                return;
            }
            p.answered = true;
            try {
                ari.answer(caller.channelId);
            } catch (AriException e) {
                LOG.warn("answering caller {} failed: {}", caller.channelId, e.getMessage());
            }
            connectMedia(caller);
        }
        p.answered = true;
        connectMedia(p);
    }

    /** externalMedia channel + two-channel mixing bridge for one participant. */
    private void connectMedia(Participant p) {
        if (p.mediaConnected || p.session.callId == null) {
            return;
        }
        String mediaId = p.channelId + "-media-" + sequence.incrementAndGet();
        String bridgeId = ID_PREFIX + "bridge-" + p.channelId;
        try {
            p.leg = media.open(p.session.callId, p.user, settings.mediaFormat());
            InetSocketAddress local = p.leg.localAddress();
            p.mediaChannelId = mediaId;
            byMediaChannel.put(mediaId, p);
            JsonNode channel = ari.externalMedia(mediaId, advertisedHost(local) + ":" + local.getPort(),
                    settings.mediaFormat().ariName());
            asteriskRtpAddress(channel).ifPresent(p.leg::sendTo);
            p.bridgeId = bridgeId;
            ari.createBridge(bridgeId, "mixing", "babel-bridge-call-" + p.session.callId);
            ari.addChannel(bridgeId, p.channelId, mediaId);
            p.mediaConnected = true;
            if (p.muted) {
                p.leg.setMuted(true);
            }
        } catch (RuntimeException e) {
            // The participant could neither hear nor be heard: hang up rather than keep a silent line.
            LOG.error("media for user {} in call {} failed; hanging up", p.user.userId(), p.session.callId, e);
            hangup(p.channelId, "failure");
        }
    }

    private String advertisedHost(InetSocketAddress local) {
        String host = settings.mediaHost();
        if (host.isEmpty()) {
            if (local.getAddress().isAnyLocalAddress()) {
                throw new IllegalStateException("media legs bind to all interfaces: set babel.ari.media-host "
                        + "to this host's address as Asterisk reaches it");
            }
            return local.getAddress().getHostAddress();
        }
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("babel.ari.media-host '" + host + "' does not resolve", e);
        }
    }

    private static Optional<InetSocketAddress> asteriskRtpAddress(JsonNode channel) {
        JsonNode vars = channel.path("channelvars");
        String address = vars.path("UNICASTRTP_LOCAL_ADDRESS").asText("");
        int port = vars.path("UNICASTRTP_LOCAL_PORT").asInt(0);
        if (address.isEmpty() || port <= 0) {
            return Optional.empty(); // the leg latches onto the first packet's source instead
        }
        return Optional.of(new InetSocketAddress(address, port));
    }

    private void dialStatus(String channelId, String status) {
        Participant p = byChannel.get(channelId);
        if (p == null) {
            return;
        }
        switch (status) {
            case "BUSY" -> p.session.declineReason = "busy";
            case "NOANSWER" -> p.session.declineReason = "no_answer";
            case "CHANUNAVAIL", "CONGESTION" -> p.session.declineReason = "congestion";
            default -> {
                // RINGING, PROGRESS, ANSWER: nothing to decide yet
            }
        }
    }

    private void channelGone(String channelId, int cause) {
        Participant lostMedia = byMediaChannel.remove(channelId);
        if (lostMedia != null) {
            // Our externalMedia channel went away while its participant is still connected (we remove
            // it from the map before hanging it up ourselves): give the participant a new one.
            if (byChannel.get(lostMedia.channelId) == lostMedia) {
                LOG.warn("externalMedia channel {} of user {} lost; reconnecting media", channelId, lostMedia.user.userId());
                lostMedia.mediaChannelId = null;
                releaseMedia(lostMedia);
                connectMedia(lostMedia);
            }
            return;
        }
        Participant p = byChannel.remove(channelId);
        if (p == null) {
            return;
        }
        Session session = p.session;
        releaseMedia(p);
        session.participants.remove(p.user.userId());
        if (!p.answered) {
            if (cause == 17) {
                session.declineReason = "busy";
            } else if (cause == 18 || cause == 19) {
                session.declineReason = "no_answer";
            }
            notAnswered(session, p.user.userId());
            return;
        }
        if (session.callId == null) {
            // The caller gave up while the callee was ringing.
            Participant callee = session.participants.values().stream().findFirst().orElse(null);
            if (callee != null) {
                rules.recordMissed(p.user.userId(), callee.user.userId());
            }
            endSession(session, "normal");
            return;
        }
        if (rules.leave(session.callId, p.user.userId()) || session.participants.isEmpty()) {
            endSession(session, "normal");
        }
    }

    /** A rung participant never answered (busy, no answer, unreachable). */
    private void notAnswered(Session session, long userId) {
        if (session.callId == null) {
            Participant caller = session.caller();
            rules.recordMissed(caller.user.userId(), userId);
            endSession(session, session.declineReason);
        } else if (rules.leave(session.callId, userId)) {
            endSession(session, "normal");
        }
    }

    private void endSession(Session session, String reason) {
        sessions.remove(session.key);
        for (Participant other : new ArrayList<>(session.participants.values())) {
            byChannel.remove(other.channelId);
            releaseMedia(other);
            hangup(other.channelId, reason);
        }
        session.participants.clear();
        LOG.info("call session {} (call {}) over", session.key, session.callId);
    }

    private void releaseMedia(Participant p) {
        if (p.mediaChannelId != null) {
            byMediaChannel.remove(p.mediaChannelId);
            hangup(p.mediaChannelId, "normal");
            p.mediaChannelId = null;
        }
        if (p.bridgeId != null) {
            try {
                ari.destroyBridge(p.bridgeId);
            } catch (AriException e) {
                LOG.warn("destroying bridge {} failed: {}", p.bridgeId, e.getMessage());
            }
            p.bridgeId = null;
        }
        if (p.leg != null) {
            p.leg.close();
            p.leg = null;
        }
        p.mediaConnected = false;
    }

    private void dtmf(String channelId, String digit) {
        Participant p = byChannel.get(channelId);
        if (p == null || p.session.callId == null || digit.length() != 1 || digit.charAt(0) != settings.muteToggleDigit()) {
            return;
        }
        p.muted = !p.muted;
        if (p.leg != null) {
            p.leg.setMuted(p.muted);
        }
        rules.setMuted(p.session.callId, p.user.userId(), p.muted);
    }

    private void hangup(String channelId, String reason) {
        try {
            ari.hangup(channelId, reason);
        } catch (AriException e) {
            LOG.warn("hangup of {} failed: {}", channelId, e.getMessage());
        }
    }

    // ---- presence -------------------------------------------------------------------------------

    private void syncPresence() {
        try {
            ari.subscribe("endpoint:PJSIP");
            for (JsonNode endpoint : ari.endpoints("PJSIP")) {
                endpointState(endpoint);
            }
        } catch (AriException e) {
            LOG.warn("reading PJSIP endpoint states failed: {}", e.getMessage());
        }
    }

    private void endpointState(JsonNode endpoint) {
        String resource = endpoint.path("resource").asText("");
        if (resource.isEmpty() || resource.equals(settings.trunkEndpoint()) || !"PJSIP".equals(endpoint.path("technology").asText())) {
            return;
        }
        String state = endpoint.path("state").asText("unknown");
        if (state.equals("online") || state.equals("offline")) {
            rules.endpointPresence(resource, state.equals("online"));
        }
    }

    // ---- requests from the rest of the bridge ---------------------------------------------------

    /**
     * Rings {@code userId} into running call {@code callId} at {@code inviterId}'s request.
     * Runs on the event thread (see {@link AriFront#addParticipant}).
     *
     * @throws CallRefusedException when the rules refuse, or the call is not driven by this front
     */
    void addParticipant(long callId, long inviterId, long userId) {
        Session session = sessions.values().stream().filter(s -> Long.valueOf(callId).equals(s.callId)).findFirst()
                .orElseThrow(() -> new CallRefusedException(CallRefusedException.Reason.CALL_NOT_ACTIVE,
                        "call " + callId + " is not active on this Asterisk front"));
        CallUser user = rules.addParticipant(callId, inviterId, userId);
        originate(session, user);
    }

    /**
     * Follows changes made to the records elsewhere (the REST API): a participant who left or was
     * removed is hung up, a call that ended hangs everyone up, mute set through the API reaches the
     * media. Event thread; one records read per connected participant.
     */
    void followRecords() {
        for (Session session : new ArrayList<>(sessions.values())) {
            if (session.callId == null) {
                continue;
            }
            for (Participant p : new ArrayList<>(session.participants.values())) {
                if (!p.answered || byChannel.get(p.channelId) != p) {
                    continue;
                }
                Optional<Boolean> muted = rules.activeParticipantMuted(session.callId, p.user.userId());
                if (muted.isEmpty()) {
                    LOG.info("user {} is no longer in call {}: hanging up", p.user.userId(), session.callId);
                    byChannel.remove(p.channelId);
                    session.participants.remove(p.user.userId());
                    releaseMedia(p);
                    hangup(p.channelId, "normal");
                } else if (muted.get() != p.muted) {
                    p.muted = muted.get();
                    if (p.leg != null) {
                        p.leg.setMuted(p.muted);
                    }
                }
            }
            long connected = session.participants.values().stream().filter(p -> p.answered).count();
            long ringing = session.participants.size() - connected;
            if (connected == 0 || (connected < 2 && ringing == 0)) {
                endSession(session, "normal");
            }
        }
    }

    /** Calls currently driven by this front (ringing or connected). Event thread. */
    int activeSessions() {
        return sessions.size();
    }

    // ---- reconciliation -------------------------------------------------------------------------

    /**
     * Brings our state in line with Asterisk's live channels and bridges: participants whose channel
     * vanished (an Asterisk restart, a hang-up missed while disconnected) leave, callees that
     * answered meanwhile are connected, callers whose StasisStart was lost are taken up, and our
     * channels and bridges that no call owns (a crash) are removed. Event thread.
     */
    void reconcile() {
        List<AriChannel> live;
        List<JsonNode> bridges;
        try {
            live = ari.channels();
            bridges = ari.bridges();
        } catch (AriException e) {
            LOG.warn("reconcile after connect failed: {}", e.getMessage());
            return;
        }
        Map<String, AriChannel> liveById = new HashMap<>();
        live.forEach(c -> liveById.put(c.id(), c));

        for (Participant p : new ArrayList<>(byChannel.values())) {
            if (!byChannel.containsKey(p.channelId)) {
                continue; // removed by an earlier step of this loop (its call ended)
            }
            AriChannel ch = liveById.get(p.channelId);
            if (ch == null) {
                channelGone(p.channelId, 16);
            } else if (!p.answered && ch.isUp()) {
                calleeAnswered(ch); // its StasisStart was lost with the connection
            } else if (p.mediaConnected && (p.mediaChannelId == null || !liveById.containsKey(p.mediaChannelId))) {
                releaseMedia(p);
                connectMedia(p);
            }
        }
        Set<String> ours = new HashSet<>(byChannel.keySet());
        ours.addAll(byMediaChannel.keySet());
        for (AriChannel ch : live) {
            if (ours.contains(ch.id())) {
                continue;
            }
            if (ch.id().startsWith(ID_PREFIX)) {
                hangup(ch.id(), "normal");
            } else if (ch.inStasis() && "PJSIP".equals(ch.technology())) {
                if (ch.created() != null && ch.created().isBefore(startedAt)) {
                    hangup(ch.id(), "normal"); // left over from before this process started
                } else {
                    inboundCall(ch, ch.exten()); // a caller whose StasisStart was lost or is still queued
                }
            }
        }
        Set<String> ownedBridges = new HashSet<>();
        byChannel.values().forEach(p -> {
            if (p.bridgeId != null) {
                ownedBridges.add(p.bridgeId);
            }
        });
        for (JsonNode bridge : bridges) {
            String id = bridge.path("id").asText();
            if (id.startsWith(ID_PREFIX) && !ownedBridges.contains(id)) {
                try {
                    ari.destroyBridge(id);
                } catch (AriException e) {
                    LOG.warn("destroying orphan bridge {} failed: {}", id, e.getMessage());
                }
            }
        }
    }
}
