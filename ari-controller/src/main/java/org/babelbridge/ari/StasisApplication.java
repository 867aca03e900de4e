package org.babelbridge.ari;

import com.fasterxml.jackson.databind.JsonNode;
import org.babelbridge.ari.CallRules.CallOutcome;
import org.babelbridge.ari.CallRules.StartedCall;
import org.babelbridge.ari.client.AriChannel;
import org.babelbridge.ari.client.AriEvent;
import org.babelbridge.ari.client.AriEventListener;
import org.babelbridge.ari.client.AriException;
import org.babelbridge.ari.client.AriRestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * A caller's channel enters Stasis with args {@code inbound,<dialled>}; the caller is identified
 * (PJSIP endpoint name, or caller ID on the trunk), the call rules start the call, the caller hears
 * ringing and every callee is originated into Stasis with args {@code outbound,<callId>,<userId>}.
 * When a participant is connected, an externalMedia channel exchanges RTP with that participant's
 * media leg, and a two-channel mixing bridge joins the two, so each participant sends their voice
 * to the bridge and hears their own personal mix. Hang-ups, busy and no-answer go to the rules;
 * when a call ends (or is missed) the others are hung up.
 * <p>
 * Every method runs on the event thread of the {@link org.babelbridge.ari.client.AriEventStream}
 * (or is marshalled onto it), so the state below needs no locks. After a reconnect the state is
 * reconciled with Asterisk's live channels and bridges: participants whose channel vanished (an
 * Asterisk restart, a hang-up missed while disconnected) leave their call, and orphans are removed.
 */
public final class StasisApplication implements AriEventListener {
    private static final Logger LOG = LoggerFactory.getLogger(StasisApplication.class);
    static final String ID_PREFIX = "bb-";

    private final AriRestClient ari;
    private final CallRules rules;
    private final ParticipantMedia media;
    private final AriControllerSettings settings;
    private final AtomicLong sequence = new AtomicLong();
    private final Instant startedAt;

    private final Map<Long, ActiveCall> calls = new LinkedHashMap<>();
    private final Map<String, Participant> byChannel = new HashMap<>();
    private final Map<String, Participant> byMediaChannel = new HashMap<>();
    private final AtomicLong handledEvents = new AtomicLong();

    public StasisApplication(AriRestClient ari, CallRules rules, ParticipantMedia media, AriControllerSettings settings) {
        this(ari, rules, media, settings, Clock.systemUTC());
    }

    /** @param clock tells which live channels predate this application (left over from a previous run) */
    public StasisApplication(AriRestClient ari, CallRules rules, ParticipantMedia media, AriControllerSettings settings,
                             Clock clock) {
        this.startedAt = clock.instant();
        this.ari = ari;
        this.rules = rules;
        this.media = media;
        this.settings = settings;
    }

    /** One call as this front drives it. */
    private static final class ActiveCall {
        final long callId;
        final Map<Long, Participant> participants = new LinkedHashMap<>();
        String declineReason = "normal";

        ActiveCall(long callId) {
            this.callId = callId;
        }

        Optional<Participant> caller() {
            return participants.values().stream().filter(p -> p.caller).findFirst();
        }
    }

    /** One participant's channel, its externalMedia channel, bridge and media leg. */
    private static final class Participant {
        final ActiveCall call;
        final CallUser user;
        final String channelId;
        final boolean caller;
        boolean answered;
        boolean mediaConnected;
        boolean muted;
        String mediaChannelId;
        String bridgeId;
        ParticipantMedia.Leg leg;

        Participant(ActiveCall call, CallUser user, String channelId, boolean caller) {
            this.call = call;
            this.user = user;
            this.channelId = channelId;
            this.caller = caller;
        }
    }

    // ---- connection ---------------------------------------------------------------------------

    @Override
    public void onConnected(boolean reconnected) {
        reconcile(reconnected);
    }

    @Override
    public void onDisconnected(String reason) {
        LOG.warn("ARI disconnected ({}); {} calls kept, reconciled on reconnect", reason, calls.size());
    }

    // ---- events -------------------------------------------------------------------------------

    @Override
    public void onEvent(AriEvent event) {
        handledEvents.incrementAndGet();
        Optional<AriChannel> channel = event.channel();
        switch (event.type()) {
            case "StasisStart" -> channel.ifPresent(c -> stasisStart(c, event.args()));
            case "StasisEnd" -> channel.ifPresent(c -> channelGone(c.id(), 16));
            case "ChannelDestroyed" -> channel.ifPresent(c -> channelGone(c.id(), event.cause()));
            case "ChannelDtmfReceived" -> channel.ifPresent(c -> dtmf(c.id(), event.digit()));
            case "Dial" -> event.peer().ifPresent(peer -> dialStatus(peer.id(), event.dialStatus()));
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
        if (byChannel.containsKey(channel.id()) && byChannel.get(channel.id()).caller) {
            return; // already taken up by a reconcile that saw the channel before this event
        }
        if (!args.isEmpty() && "outbound".equals(args.get(0))) {
            calleeAnswered(channel);
            return;
        }
        String dialled = args.size() > 1 ? args.get(1) : channel.exten();
        inboundCall(channel, dialled);
    }

    private void inboundCall(AriChannel channel, String dialled) {
        Optional<CallUser> caller = identify(channel);
        if (caller.isEmpty()) {
            LOG.info("refusing call from unknown caller {} ({})", channel.name(), channel.callerNumber());
            hangup(channel.id(), CallRefusedException.Reason.UNKNOWN_CALLER.ariHangupReason());
            return;
        }
        StartedCall started;
        try {
            started = rules.startCall(caller.get(), dialled);
        } catch (CallRefusedException e) {
            LOG.info("call from user {} to '{}' refused: {}", caller.get().userId(), dialled, e.getMessage());
            hangup(channel.id(), e.reason().ariHangupReason());
            return;
        }
        ActiveCall call = new ActiveCall(started.callId());
        calls.put(call.callId, call);
        Participant p = new Participant(call, started.caller(), channel.id(), true);
        p.answered = true;
        call.participants.put(p.user.userId(), p);
        byChannel.put(channel.id(), p);
        try {
            ari.ring(channel.id());
        } catch (AriException e) {
            LOG.warn("ring indication to {} failed: {}", channel.id(), e.getMessage());
        }
        for (CallUser callee : started.callees()) {
            originate(call, callee);
        }
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

    private void originate(ActiveCall call, CallUser callee) {
        String endpoint;
        if (callee.hasSoftphone()) {
            endpoint = "PJSIP/" + callee.sipUsername();
        } else if (callee.hasPhoneNumber()) {
            endpoint = "PJSIP/" + callee.phoneNumber() + "@" + settings.trunkEndpoint();
        } else {
            LOG.info("user {} has neither a SIP username nor a phone number: cannot ring", callee.userId());
            participantLeft(call, callee.userId(), false);
            return;
        }
        String channelId = ID_PREFIX + call.callId + "-" + callee.userId() + "-" + sequence.incrementAndGet();
        Participant p = new Participant(call, callee, channelId, false);
        call.participants.put(callee.userId(), p);
        byChannel.put(channelId, p);
        try {
            ari.originate(channelId, endpoint, callerIdFor(call), settings.ringTimeoutSeconds(),
                    List.of("outbound", Long.toString(call.callId), Long.toString(callee.userId())));
        } catch (AriException e) {
            LOG.warn("originate to {} failed: {}", endpoint, e.getMessage());
            byChannel.remove(channelId);
            call.participants.remove(callee.userId());
            participantLeft(call, callee.userId(), false);
        }
    }

    private String callerIdFor(ActiveCall call) {
        return call.caller().map(c -> {
            String number = c.user.hasPhoneNumber() ? c.user.phoneNumber() : c.user.sipUsername();
            String name = c.user.displayName() == null ? "" : c.user.displayName().replace("\"", "");
            return name.isBlank() ? number : "\"" + name + "\" <" + number + ">";
        }).orElse("");
    }

    private void calleeAnswered(AriChannel channel) {
        Participant p = byChannel.get(channel.id());
        if (p == null || p.answered) {
            if (p == null) {
                LOG.info("hanging up unknown outbound channel {}", channel.id());
                hangup(channel.id(), "normal");
            }
            return;
        }
        p.answered = true;
        rules.participantAnswered(p.call.callId, p.user.userId());
        Optional<Participant> caller = p.call.caller();
        if (caller.isPresent() && !caller.get().mediaConnected) {
            try {
                ari.answer(caller.get().channelId);
            } catch (AriException e) {
                LOG.warn("answering caller {} failed: {}", caller.get().channelId, e.getMessage());
            }
            connectMedia(caller.get());
        }
        connectMedia(p);
    }

    /** externalMedia channel + two-channel mixing bridge for one participant. */
    private void connectMedia(Participant p) {
        if (p.mediaConnected) {
            return;
        }
        String mediaId = p.channelId + "-media";
        String bridgeId = ID_PREFIX + "bridge-" + p.channelId;
        try {
            p.leg = media.open(p.call.callId, p.user, settings.mediaFormat());
            InetSocketAddress local = p.leg.localAddress();
            p.mediaChannelId = mediaId;
            byMediaChannel.put(mediaId, p);
            JsonNode channel = ari.externalMedia(mediaId, advertisedHost(local) + ":" + local.getPort(),
                    settings.mediaFormat().ariName());
            asteriskRtpAddress(channel).ifPresent(p.leg::sendTo);
            p.bridgeId = bridgeId;
            ari.createBridge(bridgeId, "mixing", "babel-bridge-call-" + p.call.callId);
            ari.addChannel(bridgeId, p.channelId, mediaId);
            p.mediaConnected = true;
            if (p.muted) {
                p.leg.setMuted(true);
            }
        } catch (RuntimeException e) {
            // The participant cannot hear or be heard: better to hang up than to keep a silent line.
            LOG.error("media for participant {} of call {} failed; hanging up", p.user.userId(), p.call.callId, e);
            hangup(p.channelId, "normal");
        }
    }

    private String advertisedHost(InetSocketAddress local) {
        String host = settings.mediaHost();
        if (host.isEmpty()) {
            return local.getAddress().getHostAddress();
        }
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("babelbridge.ari.media-host '" + host + "' does not resolve", e);
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
            case "BUSY" -> p.call.declineReason = "busy";
            case "NOANSWER" -> p.call.declineReason = "no_answer";
            default -> {
                // RINGING, ANSWER, PROGRESS: nothing to decide
            }
        }
    }

    private void channelGone(String channelId, int cause) {
        Participant viaMedia = byMediaChannel.remove(channelId);
        if (viaMedia != null) {
            return; // our externalMedia channel; its participant is handled on their own channel
        }
        Participant p = byChannel.remove(channelId);
        if (p == null) {
            return;
        }
        if (!p.answered) {
            if (cause == 17) {
                p.call.declineReason = "busy";
            } else if (cause == 18 || cause == 19) {
                p.call.declineReason = "no_answer";
            }
        }
        releaseMedia(p);
        p.call.participants.remove(p.user.userId());
        participantLeft(p.call, p.user.userId(), p.answered);
    }

    private void participantLeft(ActiveCall call, long userId, boolean answered) {
        CallOutcome outcome = rules.participantLeft(call.callId, userId, answered);
        if (outcome == CallOutcome.ONGOING && !call.participants.isEmpty()) {
            return;
        }
        String reason = outcome == CallOutcome.MISSED ? call.declineReason : "normal";
        calls.remove(call.callId);
        for (Participant other : new ArrayList<>(call.participants.values())) {
            byChannel.remove(other.channelId);
            releaseMedia(other);
            hangup(other.channelId, reason);
        }
        call.participants.clear();
        LOG.info("call {} {}", call.callId, outcome == CallOutcome.MISSED ? "missed" : "ended");
    }

    private void releaseMedia(Participant p) {
        if (p.mediaChannelId != null) {
            byMediaChannel.remove(p.mediaChannelId);
            hangup(p.mediaChannelId, "normal");
        }
        if (p.bridgeId != null) {
            try {
                ari.destroyBridge(p.bridgeId);
            } catch (AriException e) {
                LOG.warn("destroying bridge {} failed: {}", p.bridgeId, e.getMessage());
            }
        }
        if (p.leg != null) {
            p.leg.close();
            p.leg = null;
        }
        p.mediaConnected = false;
    }

    private void dtmf(String channelId, String digit) {
        Participant p = byChannel.get(channelId);
        if (p == null || digit.length() != 1 || digit.charAt(0) != settings.muteToggleDigit()) {
            return;
        }
        p.muted = !p.muted;
        if (p.leg != null) {
            p.leg.setMuted(p.muted);
        }
        rules.setMuted(p.call.callId, p.user.userId(), p.muted);
    }

    private void hangup(String channelId, String reason) {
        try {
            ari.hangup(channelId, reason);
        } catch (AriException e) {
            LOG.warn("hangup of {} failed: {}", channelId, e.getMessage());
        }
    }

    // ---- requests from the rest of the bridge ---------------------------------------------------

    /**
     * Rings {@code userId} into running call {@code callId} (REST "add participant").
     * Must run on the event thread: use {@link AriFront#addParticipant}.
     *
     * @throws CallRefusedException when the rules refuse (full call, busy user, call not here)
     */
    void addParticipant(long callId, long userId) {
        ActiveCall call = calls.get(callId);
        if (call == null) {
            throw new CallRefusedException(CallRefusedException.Reason.CALL_NOT_ACTIVE,
                    "call " + callId + " is not active on this Asterisk front");
        }
        CallUser user = rules.inviteParticipant(callId, userId);
        originate(call, user);
    }

    // ---- reconciliation -------------------------------------------------------------------------

    /** Brings our state in line with Asterisk's live channels and bridges. Runs on the event thread. */
    void reconcile(boolean reconnected) {
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

        // Participants whose channel vanished while we were not listening have left.
        for (Participant p : new ArrayList<>(byChannel.values())) {
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
        // Our channels and bridges that no call owns any more (a crash, a lost event) are removed.
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

    // ---- inspection -------------------------------------------------------------------------------

    /** Calls currently driven by this front. */
    public int activeCalls() {
        return calls.size();
    }

    /** Events handled since start. */
    public long handledEvents() {
        return handledEvents.get();
    }
}
