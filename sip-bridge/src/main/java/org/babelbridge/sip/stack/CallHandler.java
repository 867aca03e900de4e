package org.babelbridge.sip.stack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.babelbridge.sip.CallCheck;
import org.babelbridge.sip.CallParty;
import org.babelbridge.sip.CallRejectedException;
import org.babelbridge.sip.CallRules;
import org.babelbridge.sip.NegotiatedAudio;
import org.babelbridge.sip.SipAccount;
import org.babelbridge.sip.SipCounters;
import org.babelbridge.sip.SipMedia;
import org.babelbridge.sip.SipMediaLeg;
import org.babelbridge.sip.registrar.Binding;
import org.babelbridge.sip.registrar.BindingTable;
import org.babelbridge.sip.sdp.SdpException;
import org.babelbridge.sip.sdp.SdpNegotiator;
import org.babelbridge.sip.sdp.SdpParser;
import org.babelbridge.sip.sdp.SessionDescription;
import org.babelbridge.sip.trunk.TrunkSettings;
import org.babelbridge.sip.trunk.Trunks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The back-to-back user agent: an authenticated INVITE to a contact becomes INVITEs to the callee's
 * registered contacts; the first to answer is bridged with media anchored here; BYE from either side
 * ends the call, CANCEL or no answer makes it missed, re-INVITE renegotiates one leg (hold, codec).
 * Entered on JAIN-SIP listener threads, which only answer what needs no call rules (100 Trying, 200 to
 * CANCEL and BYE, 481) and hand the rest to the call's {@link CallWorkers.Lane}: the call rules may block
 * on the database, and a listener thread waiting on it would stall SIP for every call. A listener thread
 * therefore never takes a call's monitor either, since a worker may hold it across a database call. Each
 * call is guarded by its own monitor.
 */
final class CallHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CallHandler.class);

    private final SipMessages sip;
    private final RequestAuthenticator authenticator;
    private final BindingTable bindings;
    private final CallRules rules;
    private final SipMedia media;
    private final SdpNegotiator negotiator;
    /** Lets the last notice packets reach the phone before the BYE. */
    private static final long NOTICE_TAIL_MS = 300;

    private final ScheduledExecutorService timers;
    private final Trunks trunks;
    private final TrunkIngress ingress;
    private final CallWorkers workers;
    private final int retryAfterSeconds;
    private final CallIndex index = new CallIndex();
    /** Lanes of INVITEs whose rule checks have not created a call yet, by the caller's Call-ID: a CANCEL queues there. */
    private final Map<String, CallWorkers.Lane> pendingInvites = new ConcurrentHashMap<>();
    private final Map<Long, Character> lastDigit = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> muted = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private static final long QUEUE_FULL_WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private final java.util.concurrent.atomic.AtomicLong lastQueueFullWarning =
            new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - QUEUE_FULL_WARNING_INTERVAL_NANOS);

    CallHandler(SipMessages sip, RequestAuthenticator authenticator, BindingTable bindings, CallRules rules,
                SipMedia media, ScheduledExecutorService timers, Trunks trunks, CallWorkers workers,
                int retryAfterSeconds) {
        this.workers = workers;
        this.retryAfterSeconds = retryAfterSeconds;
        this.sip = sip;
        this.trunks = trunks;
        this.ingress = new TrunkIngress(rules);
        this.authenticator = authenticator;
        this.bindings = bindings;
        this.rules = rules;
        this.media = media;
        this.negotiator = new SdpNegotiator(sip.settings.advertisedAddress(), media.codecNames());
        this.timers = timers;
    }

    /** Calls still ringing or answered, for tests and metrics. */
    boolean carries(long callId) {
        return index.byId(callId) != null;
    }

    int activeCalls() {
        return index.size();
    }

    /**
     * On a listener thread: answers 100 Trying at once and queues the rule checks on a new lane, or answers
     * 503 with Retry-After when the workers' queue is full.
     */
    void handleInvite(ServerTransaction tx, Request invite) throws Exception {
        if (((ToHeader) invite.getHeader(ToHeader.NAME)).getTag() != null) {
            queueReInvite(tx, invite);
            return;
        }
        if (!workers.reserve()) {
            warnQueueFull(invite);
            sip.counters.dropped(SipCounters.DropReason.CALL_WORK_QUEUE_FULL);
            sip.respond(tx, invite, Response.SERVICE_UNAVAILABLE, null, null, List.of(retryAfter()));
            return;
        }
        try {
            tx.sendResponse(sip.messages.createResponse(Response.TRYING, invite));
        } catch (Exception | Error e) {
            workers.unreserve();
            throw e;
        }
        sip.counters.responded(Response.TRYING);
        String callerCallId = callIdOf(invite);
        CallWorkers.Lane lane = workers.newLane();
        pendingInvites.put(callerCallId, lane);
        lane.submitReserved(() -> {
            try {
                answerFailures(tx, invite, () -> admitInvite(tx, invite, lane));
            } finally {
                // Filed as a call by now when it rings; a CANCEL finds it there.
                pendingInvites.remove(callerCallId, lane);
            }
        });
    }

    /** At most one warning per interval: under overload a line per refused INVITE would flood the log. */
    private void warnQueueFull(Request invite) {
        long now = System.nanoTime();
        long last = lastQueueFullWarning.get();
        if (now - last >= QUEUE_FULL_WARNING_INTERVAL_NANOS && lastQueueFullWarning.compareAndSet(last, now)) {
            LOG.warn("INVITE from {} refused with 503: {} call-rule tasks are waiting (the database is slow or the"
                    + " call rate too high; counted as {})", SipMessages.source(invite), workers.waiting(),
                    SipCounters.DropReason.CALL_WORK_QUEUE_FULL.tag());
        }
    }

    private javax.sip.header.Header retryAfter() {
        try {
            return sip.headers.createRetryAfterHeader(retryAfterSeconds);
        } catch (javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A step of request handling that may throw, as the listener's own handling may. */
    @FunctionalInterface
    private interface RequestWork {
        void run() throws Exception;
    }

    /** Runs {@code work} on a worker, answering a failure as the listener does (503 for a database outage). */
    private void answerFailures(ServerTransaction tx, Request request, RequestWork work) {
        try {
            work.run();
        } catch (Exception e) {
            SipEndpoint.answerFailure(sip, tx, request, e);
        }
    }

    /** On the INVITE's lane: authentication, routing and the call rules, then the callee's phones ring. */
    private void admitInvite(ServerTransaction tx, Request invite, CallWorkers.Lane lane) throws Exception {
        if (closing) {
            sip.respond(tx, invite, Response.SERVICE_UNAVAILABLE);
            return;
        }
        Optional<TrunkSettings> trunk = trunks.from(SipMessages.sourceAddress(invite));
        CallParty caller;
        CallParty callee;
        if (trunk.isPresent()) {
            TrunkIngress.Route route = ingress.route(invite, trunk.get());
            if (route.refused()) {
                LOG.info("INVITE from trunk {} refused: {}", trunk.get().name(), route.why());
                sip.respond(tx, invite, route.refusal());
                return;
            }
            caller = route.caller();
            callee = route.callee();
        } else {
            if (TrunkIngress.claimsPstnCallerId(invite)) {
                // Only a trunk may say who calls from the PSTN: anyone else could impersonate a user's phone.
                LOG.info("INVITE from {} refused: PSTN caller ID {} from an address that is no trunk",
                        SipMessages.source(invite), TrunkIngress.callerId(invite));
                sip.counters.dropped(SipCounters.DropReason.PSTN_CALLER_ID_NOT_FROM_TRUNK);
                sip.respond(tx, invite, Response.FORBIDDEN);
                return;
            }
            Optional<SipAccount> account = authenticator.authenticate(tx, invite, null);
            if (account.isEmpty()) {
                return;
            }
            Optional<CallParty> known = rules.findByDialled(account.get().sipUsername());
            if (known.isEmpty()) {
                sip.respond(tx, invite, Response.FORBIDDEN);
                return;
            }
            caller = known.get();
            String dialled = invite.getRequestURI() instanceof SipURI uri ? uri.getUser() : null;
            Optional<CallParty> found = dialled == null ? Optional.empty() : rules.findByDialled(dialled);
            if (found.isEmpty()) {
                sip.respond(tx, invite, Response.NOT_FOUND);
                return;
            }
            callee = found.get();
        }
        SessionDescription offer;
        try {
            offer = SdpParser.parse(SipMessages.body(invite));
        } catch (SdpException e) {
            LOG.info("INVITE from {} refused: {}", caller.sipUsername(), e.getMessage());
            sip.respond(tx, invite, e.notAcceptable() ? Response.NOT_ACCEPTABLE_HERE : Response.BAD_REQUEST);
            return;
        }
        List<Binding> contacts = bindings.contacts(callee.userId());
        // A callee with no registration is rung on their phone through the trunk (never back out of a trunk).
        TrunkSettings egress = null;
        if (contacts.isEmpty() && trunk.isEmpty() && trunks.outbound().isPresent()) {
            Optional<String> number = rules.phoneNumberOf(callee.userId());
            if (number.isPresent()) {
                egress = trunks.outbound().get();
                contacts = List.of(TrunkEgress.contactFor(callee, number.get(), egress));
            }
        }
        CallCheck check = egress != null ? rules.checkReachableByPhone(caller.userId(), callee.userId())
                : rules.check(caller.userId(), callee.userId());
        if (check != CallCheck.ALLOWED) {
            LOG.info("call {} -> {} refused: {}", caller.sipUsername(), callee.sipUsername(), check);
            sip.respond(tx, invite, check.sipStatus());
            return;
        }
        if (contacts.isEmpty()) {
            sip.respond(tx, invite, Response.TEMPORARILY_UNAVAILABLE);
            return;
        }
        startRinging(tx, invite, caller, callee, offer, contacts, egress, lane);
    }

    private void startRinging(ServerTransaction tx, Request invite, CallParty caller, CallParty callee,
                              SessionDescription offer, List<Binding> contacts, TrunkSettings egress,
                              CallWorkers.Lane lane) throws Exception {
        SipMediaLeg callerMedia;
        SipMediaLeg calleeMedia;
        try {
            callerMedia = media.openLeg();
        } catch (IOException e) {
            LOG.warn("no RTP port for a new call: {}", e.toString());
            sip.respond(tx, invite, Response.SERVICE_UNAVAILABLE);
            return;
        }
        try {
            calleeMedia = media.openLeg();
        } catch (IOException e) {
            callerMedia.close();
            LOG.warn("no RTP port for a new call: {}", e.toString());
            sip.respond(tx, invite, Response.SERVICE_UNAVAILABLE);
            return;
        }
        SdpNegotiator.Answer answer;
        long sessionId = System.nanoTime() & 0xffffffffL;
        try {
            answer = negotiator.answer(offer, sessionId, 1, callerMedia.localPort());
        } catch (SdpException e) {
            callerMedia.close();
            calleeMedia.close();
            sip.respond(tx, invite, Response.NOT_ACCEPTABLE_HERE);
            return;
        }
        BridgedCall call = new BridgedCall(caller, callee, tx, invite, new BridgedCall.Leg(caller, callerMedia),
                new BridgedCall.Leg(callee, calleeMedia), answer.audio(), answer.sdp(), lane);
        call.egress = egress;
        String callerCallId = callIdOf(invite);
        call.callerLeg.sipCallId = callerCallId;
        synchronized (call) {
            index.addDialog(call, callerCallId);
            for (Binding contact : contacts) {
                try {
                    String offerSdp = offerTo(contact, call.calleeLeg, sessionId + 1);
                    ClientTransaction fork = sendInvite(call, contact, offerSdp);
                    call.forks.add(fork);
                } catch (Exception e) {
                    LOG.warn("could not INVITE {} at {}: {}", callee.sipUsername(), contact.contactUri(), e.toString());
                }
            }
            if (call.forks.isEmpty()) {
                sip.respond(tx, invite, Response.TEMPORARILY_UNAVAILABLE);
                finish(call);
                return;
            }
            scheduleNoAnswer(call);
        }
        LOG.info("call {} -> {} ringing {} contact(s)", caller.sipUsername(), callee.sipUsername(), call.forks.size());
    }

    private ClientTransaction sendInvite(BridgedCall call, Binding contact, String offerSdp) throws Exception {
        return sendInvite(call, call.caller, call.callee, contact, offerSdp, call);
    }

    private ClientTransaction sendInvite(BridgedCall call, CallParty fromParty, CallParty toParty, Binding contact,
                                         String offerSdp, Object applicationData) throws Exception {
        SipURI target = (SipURI) sip.addresses.createURI(contact.contactUri());
        String transport = SipMessages.secure(target) ? "tls"
                : target.getTransportParam() == null ? "udp" : target.getTransportParam();
        CallIdHeader callId = sip.provider.getNewCallId();
        CSeqHeader cseq = sip.headers.createCSeqHeader(1L, Request.INVITE);
        boolean viaTrunk = call.egress != null && applicationData == call;
        String fromUser = viaTrunk ? TrunkEgress.callerUser(fromParty, rules.phoneNumberOf(fromParty.userId()).orElse(null))
                : fromParty.sipUsername();
        FromHeader from = sip.headers.createFromHeader(sip.aor(fromUser), SipMessages.newTag());
        ToHeader to = sip.headers.createToHeader(viaTrunk ? sip.addresses.createAddress(target) : sip.aor(toParty.sipUsername()),
                null);
        ViaHeader via = sip.headers.createViaHeader(sip.settings.advertisedAddress(), sip.portFor(transport), transport,
                null);
        MaxForwardsHeader maxForwards = sip.headers.createMaxForwardsHeader(70);
        Request request = sip.messages.createRequest(target, Request.INVITE, callId, cseq, from, to,
                new ArrayList<>(List.of(via)), maxForwards, sip.sdpType(), offerSdp);
        request.addHeader(sip.contact(transport));
        if (viaTrunk) {
            TrunkEgress.route(sip, request, call.egress);
        }
        ClientTransaction fork = sip.provider.getNewClientTransaction(request);
        fork.setApplicationData(applicationData);
        index.addDialog(call, callId.getCallId());
        fork.sendRequest();
        return fork;
    }

    /**
     * Our offer to {@code contact} for {@code leg}: SRTP (RTP/SAVP with an SDES key) to a phone registered
     * over TLS, since a key sent in the clear would protect nothing, plain RTP otherwise.
     */
    private String offerTo(Binding contact, BridgedCall.Leg leg, long sessionId) throws java.text.ParseException {
        if (!SipMessages.secure(sip.addresses.createURI(contact.contactUri()))) {
            return negotiator.offer(sessionId, 1, leg.media.localPort());
        }
        if (leg.offeredSrtpKey == null) {
            leg.offeredSrtpKey = org.babelbridge.sip.sdp.SdesCrypto.newKeyAndSalt();
        }
        return negotiator.offer(sessionId, 1, leg.media.localPort(), leg.offeredSrtpKey);
    }

    /**
     * The SRTP key we offered on the fork {@code answer} answers, or null when its offer was plain RTP. We
     * offer SRTP exactly on forks sent over TLS, and the answer's top Via is our own, naming that transport.
     * (Not the fork's request: the stack has already cleaned it up by the time a call worker gets here.)
     */
    private static byte[] offeredKey(BridgedCall.Leg leg, Response answer) {
        ViaHeader via = (ViaHeader) answer.getHeader(ViaHeader.NAME);
        return via != null && "TLS".equalsIgnoreCase(via.getTransport()) ? leg.offeredSrtpKey : null;
    }

    void handleResponse(ResponseEvent event) throws Exception {
        Response response = event.getResponse();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        ClientTransaction fork = event.getClientTransaction();
        if (!cseq.getMethod().equals(Request.INVITE)) {
            return;
        }
        int status = response.getStatusCode();
        if (fork == null) {
            // A retransmitted 2xx: our ACK was lost, send it again.
            if (status / 100 == 2 && event.getDialog() != null) {
                Dialog dialog = event.getDialog();
                dialog.sendAck(dialog.createAck(cseq.getSeqNumber()));
            }
            return;
        }
        BridgedCall call = callOf(fork.getApplicationData());
        if (call == null) {
            return;
        }
        // Acknowledged here, before any rule work: a 2xx waiting for its ACK is retransmitted by the phone.
        Dialog answeredDialog = null;
        if (status / 100 == 2) {
            answeredDialog = event.getDialog() != null ? event.getDialog() : fork.getDialog();
            answeredDialog.sendAck(answeredDialog.createAck(cseq.getSeqNumber()));
        }
        Dialog dialog = answeredDialog;
        call.lane.submit(() -> {
            try {
                response(fork, event, status, dialog);
            } catch (Exception e) {
                LOG.warn("response {} could not be handled", status, e);
            }
        });
    }

    /** The call a client transaction of ours belongs to, from its application data; null for none. */
    private static BridgedCall callOf(Object applicationData) {
        if (applicationData instanceof BridgedCall call) {
            return call;
        }
        if (applicationData instanceof BridgedCall.Invitation invitation) {
            return invitation.call;
        }
        if (applicationData instanceof BridgedCall.CallerRing ring) {
            return ring.call();
        }
        return null;
    }

    /** On the call's lane: a response to one of our INVITEs; {@code dialog} is the one a 2xx confirmed. */
    private void response(ClientTransaction fork, ResponseEvent event, int status, Dialog dialog) throws Exception {
        if (fork.getApplicationData() instanceof BridgedCall.Invitation invitation) {
            synchronized (invitation.call) {
                invitationResponse(invitation, fork, event, status, dialog);
            }
            return;
        }
        if (fork.getApplicationData() instanceof BridgedCall.CallerRing ring) {
            synchronized (ring.call()) {
                callerRingResponse(ring.call(), fork, event, status, dialog);
            }
            return;
        }
        if (!(fork.getApplicationData() instanceof BridgedCall call)) {
            return;
        }
        Response response = event.getResponse();
        synchronized (call) {
            if (status < 200) {
                if (status >= 180 && call.state == BridgedCall.State.RINGING && !call.ringingSent
                        && !call.placedByBridge()) {
                    call.ringingSent = true;
                    sip.respond(call.inviteTx, call.invite, Response.RINGING, call.callerTag, null, List.of());
                }
            } else if (status < 300) {
                answered(call, fork, event, dialog);
            } else if (!TrunkEgress.answerChallenge(sip, call, fork, response)) {
                forkFailed(call, fork, status);
            }
        }
    }

    private void answered(BridgedCall call, ClientTransaction fork, ResponseEvent event, Dialog dialog) throws Exception {
        if (call.state != BridgedCall.State.RINGING || call.calleeLeg.dialog != null) {
            // Another contact answered first, or the caller gave up meanwhile.
            sendBye(dialog);
            return;
        }
        call.forks.remove(fork);
        cancelForks(call);
        call.calleeLeg.dialog = dialog;
        call.calleeLeg.sipCallId = dialog.getCallId().getCallId();
        index.addLeg(call, call.calleeLeg);
        NegotiatedAudio calleeAudio;
        try {
            calleeAudio = negotiator.acceptAnswer(SdpParser.parse(SipMessages.body(event.getResponse())),
                    offeredKey(call.calleeLeg, event.getResponse()));
        } catch (SdpException e) {
            LOG.info("callee {} answered with unusable SDP: {}", call.callee.sipUsername(), e.getMessage());
            sendBye(dialog);
            refuseCaller(call, Response.NOT_ACCEPTABLE_HERE);
            finish(call);
            return;
        }
        try {
            call.callId = call.egress != null ? rules.startReachableByPhone(call.caller.userId(), call.callee.userId())
                    : rules.start(call.caller.userId(), call.callee.userId());
            MDC.put(LOG_CALL_ID, Long.toString(call.callId));
        } catch (CallRejectedException e) {
            LOG.info("call {} -> {} refused on answer: {}", call.caller.sipUsername(), call.callee.sipUsername(), e.getMessage());
            sendBye(dialog);
            refuseCaller(call, e.reason().sipStatus());
            finish(call);
            return;
        }
        // Visible to invite() at once; it waits for this monitor, so it sees the call answered.
        index.answered(call);
        call.calleeLeg.media.connect(calleeAudio);
        call.callerLeg.media.connect(call.callerAudio);
        call.media = media.startCall(call.callId, this::onDigit);
        call.media.join(call.caller, call.callerLeg.media);
        call.media.join(call.callee, call.calleeLeg.media);
        // Registered before the 200 leaves: a BYE may follow the ACK at once on another thread.
        if (!call.placedByBridge()) {
            call.callerLeg.dialog = call.inviteTx.getDialog();
        }
        index.addLeg(call, call.callerLeg);
        call.state = BridgedCall.State.ANSWERED;
        index.joined(call, call.caller.userId());
        index.joined(call, call.callee.userId());
        if (!call.placedByBridge()) {
            sip.respond(call.inviteTx, call.invite, Response.OK, call.callerTag, call.callerAnswerSdp, List.of());
        }
        if (call.noAnswerTimer != null) {
            call.noAnswerTimer.cancel(false);
        }
        LOG.info("call {} answered: {} ({}) <-> {} ({})", call.callId, call.caller.sipUsername(),
                call.callerAudio.codecName(), call.callee.sipUsername(), calleeAudio.codecName());
    }

    /**
     * Click-to-call (the REST API's {@code POST /api/calls}): rings {@code callerUserId}'s registered phones
     * first, showing the callee as the one calling; when the caller answers, rings the callee (at their
     * registrations, or on their phone through the trunk) and bridges the two on the callee's answer. The
     * call rules apply as for a dialled call. Returns at once.
     */
    void ring(long callerUserId, long calleeUserId) throws CallRejectedException {
        CallParty caller = rules.findById(callerUserId)
                .orElseThrow(() -> new CallRejectedException(CallCheck.NOT_FOUND, "no user " + callerUserId));
        CallParty callee = rules.findById(calleeUserId)
                .orElseThrow(() -> new CallRejectedException(CallCheck.NOT_FOUND, "no user " + calleeUserId));
        List<Binding> callerContacts = bindings.contacts(callerUserId);
        if (callerContacts.isEmpty()) {
            throw new CallRejectedException(CallCheck.OFFLINE, "the caller's phone is not registered");
        }
        List<Binding> calleeContacts = bindings.contacts(calleeUserId);
        TrunkSettings egress = null;
        if (calleeContacts.isEmpty() && trunks.outbound().isPresent()) {
            Optional<String> number = rules.phoneNumberOf(calleeUserId);
            if (number.isPresent()) {
                egress = trunks.outbound().get();
                calleeContacts = List.of(TrunkEgress.contactFor(callee, number.get(), egress));
            }
        }
        CallCheck check = egress != null ? rules.checkReachableByPhone(callerUserId, calleeUserId)
                : rules.check(callerUserId, calleeUserId);
        if (check == CallCheck.ALLOWED && calleeContacts.isEmpty()) {
            check = CallCheck.OFFLINE;
        }
        if (check != CallCheck.ALLOWED) {
            throw new CallRejectedException(check, "click-to-call " + caller.sipUsername() + " -> "
                    + callee.sipUsername() + " refused: " + check);
        }
        SipMediaLeg callerMedia;
        SipMediaLeg calleeMedia;
        try {
            callerMedia = media.openLeg();
        } catch (IOException e) {
            throw new CallRejectedException(CallCheck.BUSY, "no RTP port free: " + e.getMessage());
        }
        try {
            calleeMedia = media.openLeg();
        } catch (IOException e) {
            callerMedia.close();
            throw new CallRejectedException(CallCheck.BUSY, "no RTP port free: " + e.getMessage());
        }
        BridgedCall call = new BridgedCall(caller, callee, null, null, new BridgedCall.Leg(caller, callerMedia),
                new BridgedCall.Leg(callee, calleeMedia), null, null, workers.newLane());
        synchronized (call) {
            call.egress = egress;
            call.calleeContacts = calleeContacts;
            String offer = negotiator.offer(call.sdpSessionId, 1, callerMedia.localPort());
            BridgedCall.CallerRing ring = new BridgedCall.CallerRing(call);
            for (Binding contact : callerContacts) {
                try {
                    call.callerForks.add(sendInvite(call, callee, caller, contact, offer, ring));
                } catch (Exception e) {
                    LOG.warn("could not INVITE {} at {}: {}", caller.sipUsername(), contact.contactUri(), e.toString());
                }
            }
            if (call.callerForks.isEmpty()) {
                finish(call);
                throw new CallRejectedException(CallCheck.OFFLINE, "the caller's phone could not be reached");
            }
            scheduleNoAnswer(call);
        }
        LOG.info("click-to-call {} -> {}: ringing the caller's {} contact(s)", caller.sipUsername(),
                callee.sipUsername(), callerContacts.size());
    }

    private void callerRingResponse(BridgedCall call, ClientTransaction fork, ResponseEvent event, int status,
                                    Dialog dialog) throws Exception {
        if (status < 200) {
            return;
        }
        if (status >= 300) {
            callerRingFailed(call, fork, status);
            return;
        }
        if (call.callerAnswered || call.state != BridgedCall.State.RINGING) {
            sendBye(dialog);
            return;
        }
        call.callerAnswered = true;
        call.callerForks.remove(fork);
        cancel(call.callerForks);
        if (call.noAnswerTimer != null) {
            call.noAnswerTimer.cancel(false);
        }
        call.callerLeg.dialog = dialog;
        call.callerLeg.sipCallId = dialog.getCallId().getCallId();
        index.addLeg(call, call.callerLeg);
        try {
            call.callerAudio = negotiator.acceptAnswer(SdpParser.parse(SipMessages.body(event.getResponse())));
        } catch (SdpException e) {
            LOG.info("click-to-call: {} answered with unusable SDP: {}", call.caller.sipUsername(), e.getMessage());
            sendBye(dialog);
            finish(call);
            return;
        }
        String offer = negotiator.offer(call.sdpSessionId + 1, 1, call.calleeLeg.media.localPort());
        for (Binding contact : call.calleeContacts) {
            try {
                call.forks.add(sendInvite(call, contact, offer));
            } catch (Exception e) {
                LOG.warn("could not INVITE {} at {}: {}", call.callee.sipUsername(), contact.contactUri(), e.toString());
            }
        }
        if (call.forks.isEmpty()) {
            sendBye(dialog);
            rules.recordMissed(call.caller.userId(), call.callee.userId());
            finish(call);
            return;
        }
        scheduleNoAnswer(call);
        LOG.info("click-to-call {} -> {}: the caller answered, ringing the callee", call.caller.sipUsername(),
                call.callee.sipUsername());
    }

    private void callerRingFailed(BridgedCall call, ClientTransaction fork, int status) {
        call.callerForks.remove(fork);
        if (call.callerAnswered || !call.callerForks.isEmpty() || call.state != BridgedCall.State.RINGING) {
            return;
        }
        LOG.info("click-to-call {} -> {}: the caller's phone said {}", call.caller.sipUsername(),
                call.callee.sipUsername(), status);
        finish(call);
    }

    /** Tells the caller the call failed: a final answer to their INVITE, or a BYE to the phone the bridge rang. */
    private void refuseCaller(BridgedCall call, int status) {
        if (call.placedByBridge()) {
            sendBye(call.callerLeg.dialog);
        } else {
            sip.respond(call.inviteTx, call.invite, status, call.callerTag, null, List.of());
        }
    }

    private void forkFailed(BridgedCall call, ClientTransaction fork, int status) {
        call.forks.remove(fork);
        if (call.state != BridgedCall.State.RINGING || !call.forks.isEmpty()) {
            return;
        }
        int answer = switch (status) {
            case Response.BUSY_HERE, Response.BUSY_EVERYWHERE -> Response.BUSY_HERE;
            case Response.DECLINE -> Response.DECLINE;
            default -> Response.TEMPORARILY_UNAVAILABLE;
        };
        LOG.info("call {} -> {} not answered: callee said {}", call.caller.sipUsername(), call.callee.sipUsername(), status);
        refuseCaller(call, answer);
        rules.recordMissed(call.caller.userId(), call.callee.userId());
        finish(call);
    }

    /**
     * INVITEs {@code userId} into answered call {@code callId} on behalf of {@code inviterUserId}; they
     * join when they answer. Returns at once.
     */
    void invite(long callId, long inviterUserId, long userId) throws CallRejectedException {
        BridgedCall call = index.byId(callId);
        if (call == null) {
            throw new CallRejectedException(CallCheck.NOT_FOUND, "call " + callId + " is not in progress here");
        }
        CallParty party = rules.findById(userId)
                .orElseThrow(() -> new CallRejectedException(CallCheck.NOT_FOUND, "no user " + userId));
        // The rules (contact, busy, call full) are checked under the call's lock when the invitee answers.
        List<Binding> contacts = bindings.contacts(userId);
        if (contacts.isEmpty()) {
            throw new CallRejectedException(CallCheck.OFFLINE, "user " + userId + " has no SIP registration");
        }
        SipMediaLeg legMedia;
        try {
            legMedia = media.openLeg();
        } catch (IOException e) {
            throw new CallRejectedException(CallCheck.BUSY, "no RTP port free: " + e.getMessage());
        }
        synchronized (call) {
            CallParty inviter = call.legs().stream().filter(l -> !l.left && l.party.userId() == inviterUserId)
                    .map(l -> l.party).findFirst().orElse(null);
            if (call.state != BridgedCall.State.ANSWERED || inviter == null) {
                legMedia.close();
                throw new CallRejectedException(CallCheck.NOT_A_CONTACT, "user " + inviterUserId + " is not in call " + callId);
            }
            BridgedCall.Invitation invitation = new BridgedCall.Invitation(call, new BridgedCall.Leg(party, legMedia),
                    inviterUserId);
            for (Binding contact : contacts) {
                try {
                    String offer = offerTo(contact, invitation.leg, call.sdpSessionId + 2 + call.addedLegs.size());
                    invitation.forks.add(sendInvite(call, inviter, party, contact, offer, invitation));
                } catch (Exception e) {
                    LOG.warn("could not INVITE {} at {}: {}", party.sipUsername(), contact.contactUri(), e.toString());
                }
            }
            if (invitation.forks.isEmpty()) {
                legMedia.close();
                throw new CallRejectedException(CallCheck.OFFLINE, "no contact of user " + userId + " could be reached");
            }
            invitation.timer = timers.schedule(() -> call.lane.submit(() -> invitationUnanswered(invitation)),
                    sip.settings.noAnswerTimeoutMs(),
                    TimeUnit.MILLISECONDS);
            LOG.info("call {}: {} invites {}", callId, inviter.sipUsername(), party.sipUsername());
        }
    }

    private void invitationResponse(BridgedCall.Invitation invitation, ClientTransaction fork, ResponseEvent event,
                                    int status, Dialog dialog) throws Exception {
        if (status < 200) {
            return;
        }
        invitation.forks.remove(fork);
        BridgedCall call = invitation.call;
        if (status >= 300) {
            if (invitation.forks.isEmpty() && !invitation.settled) {
                LOG.info("call {}: {} did not join ({})", call.callId, invitation.leg.party.sipUsername(), status);
                settle(invitation);
                invitation.leg.media.close();
            }
            return;
        }
        if (invitation.settled || call.state != BridgedCall.State.ANSWERED) {
            sendBye(dialog);
            return;
        }
        settle(invitation);
        cancel(invitation.forks);
        BridgedCall.Leg leg = invitation.leg;
        leg.dialog = dialog;
        leg.sipCallId = dialog.getCallId().getCallId();
        try {
            NegotiatedAudio audio = negotiator.acceptAnswer(SdpParser.parse(SipMessages.body(event.getResponse())),
                    offeredKey(leg, event.getResponse()));
            rules.addParticipant(call.callId, invitation.inviterUserId, leg.party.userId());
            leg.media.connect(audio);
        } catch (SdpException | CallRejectedException e) {
            LOG.info("call {}: {} cannot join: {}", call.callId, leg.party.sipUsername(), e.getMessage());
            sendBye(dialog);
            leg.media.close();
            return;
        }
        call.addedLegs.add(leg);
        index.addLeg(call, leg);
        index.joined(call, leg.party.userId());
        call.media.join(leg.party, leg.media);
        LOG.info("call {}: {} joined", call.callId, leg.party.sipUsername());
    }

    private void invitationUnanswered(BridgedCall.Invitation invitation) {
        synchronized (invitation.call) {
            if (invitation.settled) {
                return;
            }
            LOG.info("call {}: {} did not answer the invitation", invitation.call.callId, invitation.leg.party.sipUsername());
            settle(invitation);
            cancel(invitation.forks);
            invitation.leg.media.close();
        }
    }

    private static void settle(BridgedCall.Invitation invitation) {
        invitation.settled = true;
        if (invitation.timer != null) {
            invitation.timer.cancel(false);
        }
    }

    /** On a listener or timer thread: queues an unanswered INVITE of ours on its call's lane. */
    void handleTimeout(TimeoutEvent event) {
        if (event.isServerTransaction() || event.getClientTransaction() == null) {
            return;
        }
        ClientTransaction fork = event.getClientTransaction();
        BridgedCall call = callOf(fork.getApplicationData());
        if (call != null) {
            call.lane.submit(() -> timedOut(fork));
        }
    }

    private void timedOut(ClientTransaction fork) {
        if (fork.getApplicationData() instanceof BridgedCall.Invitation invitation
                && fork.getRequest().getMethod().equals(Request.INVITE)) {
            synchronized (invitation.call) {
                invitation.forks.remove(fork);
                if (invitation.forks.isEmpty() && !invitation.settled) {
                    settle(invitation);
                    invitation.leg.media.close();
                }
            }
            return;
        }
        if (fork.getApplicationData() instanceof BridgedCall.CallerRing ring) {
            synchronized (ring.call()) {
                callerRingFailed(ring.call(), fork, Response.REQUEST_TIMEOUT);
            }
            return;
        }
        if (fork.getApplicationData() instanceof BridgedCall call
                && fork.getRequest().getMethod().equals(Request.INVITE)) {
            synchronized (call) {
                forkFailed(call, fork, Response.REQUEST_TIMEOUT);
            }
        }
    }

    /** The no-answer timer only queues: recording the missed call is the lane's work. */
    private void scheduleNoAnswer(BridgedCall call) {
        call.noAnswerTimer = timers.schedule(() -> call.lane.submit(() -> noAnswer(call)),
                sip.settings.noAnswerTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    private void noAnswer(BridgedCall call) {
        synchronized (call) {
            if (call.state != BridgedCall.State.RINGING) {
                return;
            }
            if (call.placedByBridge() && !call.callerAnswered) {
                LOG.info("click-to-call {} -> {}: the caller's phone did not answer", call.caller.sipUsername(),
                        call.callee.sipUsername());
                cancel(call.callerForks);
                finish(call);
                return;
            }
            LOG.info("call {} -> {} not answered within {} ms", call.caller.sipUsername(), call.callee.sipUsername(),
                    sip.settings.noAnswerTimeoutMs());
            cancelForks(call);
            refuseCaller(call, Response.TEMPORARILY_UNAVAILABLE);
            rules.recordMissed(call.caller.userId(), call.callee.userId());
            finish(call);
        }
    }

    /**
     * On a listener thread: answers the CANCEL and queues its work behind the INVITE's, which may still be
     * checking the call rules; it then finds the call ringing, refused or answered.
     */
    void handleCancel(ServerTransaction tx, Request cancel) {
        String callerCallId = callIdOf(cancel);
        BridgedCall ringing = index.bySipCallId(callerCallId);
        CallWorkers.Lane lane = ringing != null ? ringing.lane : pendingInvites.get(callerCallId);
        if (lane == null) {
            sip.respond(tx, cancel, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        sip.respond(tx, cancel, Response.OK);
        lane.submit(() -> cancelled(callerCallId));
    }

    private void cancelled(String callerCallId) {
        BridgedCall call = index.bySipCallId(callerCallId);
        if (call == null) {
            return; // refused by the rules before it rang
        }
        synchronized (call) {
            if (call.state != BridgedCall.State.RINGING) {
                return;
            }
            LOG.info("call {} -> {} cancelled by the caller", call.caller.sipUsername(), call.callee.sipUsername());
            sip.respond(call.inviteTx, call.invite, Response.REQUEST_TERMINATED, call.callerTag, null, List.of());
            cancelForks(call);
            rules.recordMissed(call.caller.userId(), call.callee.userId());
            finish(call);
        }
    }

    /** On a listener thread: answers the BYE and queues the leave on the call's lane. */
    void handleBye(ServerTransaction tx, Request bye) {
        BridgedCall.Leg leg = index.legBySipCallId(callIdOf(bye));
        BridgedCall call = index.bySipCallId(callIdOf(bye));
        if (leg == null || call == null) {
            sip.respond(tx, bye, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        sip.respond(tx, bye, Response.OK);
        call.lane.submit(() -> hungUp(call, leg));
    }

    private void hungUp(BridgedCall call, BridgedCall.Leg leg) {
        synchronized (call) {
            if (call.placedByBridge() && call.state == BridgedCall.State.RINGING) {
                LOG.info("click-to-call {} -> {}: the caller hung up before the answer", call.caller.sipUsername(),
                        call.callee.sipUsername());
                cancelForks(call);
                rules.recordMissed(call.caller.userId(), call.callee.userId());
                finish(call);
                return;
            }
            LOG.info("{} hung up call {}", leg.party.sipUsername(), call.callId);
            leave(call, leg);
        }
    }

    private void leave(BridgedCall call, BridgedCall.Leg leg) {
        if (leg.left || call.state != BridgedCall.State.ANSWERED) {
            return;
        }
        leg.left = true;
        index.left(call, leg.party.userId());
        boolean ended = rules.leave(call.callId, leg.party.userId());
        call.media.leave(leg.party.userId());
        leg.media.close();
        if (!ended && call.legs().stream().filter(l -> !l.left).count() >= 2) {
            return;
        }
        List<BridgedCall.Leg> remaining = call.legs().stream().filter(l -> !l.left).toList();
        // the one left alone hears why before the bridge hangs up on them
        long noticeMs = remaining.size() == 1 ? announceAlone(call, remaining.get(0)) : 0;
        for (BridgedCall.Leg other : remaining) {
            other.left = true;
            index.left(call, other.party.userId());
            if (!ended) {
                rules.leave(call.callId, other.party.userId());
            }
        }
        LOG.info("call {} ended", call.callId);
        if (noticeMs <= 0) {
            hangUpAndFinish(call, remaining);
            return;
        }
        timers.schedule(() -> call.lane.submit(() -> {
            synchronized (call) {
                hangUpAndFinish(call, remaining);
            }
        }), noticeMs + NOTICE_TAIL_MS, TimeUnit.MILLISECONDS);
    }

    private long announceAlone(BridgedCall call, BridgedCall.Leg leg) {
        try {
            return call.media.announceAlone(leg.party.userId());
        } catch (RuntimeException e) {
            LOG.warn("call {}: no notice for {}: {}", call.callId, leg.party.sipUsername(), e.toString());
            return 0;
        }
    }

    private void hangUpAndFinish(BridgedCall call, List<BridgedCall.Leg> legs) {
        if (call.state == BridgedCall.State.ENDED) {
            return; // shut down meanwhile
        }
        legs.forEach(l -> sendBye(l.dialog));
        finish(call);
    }

    void handleAck(Request ack) {
        LOG.debug("ACK for {}", callIdOf(ack));
    }

    /** On a listener thread: a re-INVITE is answered on the call's lane, after the events before it. */
    private void queueReInvite(ServerTransaction tx, Request reInvite) {
        BridgedCall.Leg leg = index.legBySipCallId(callIdOf(reInvite));
        BridgedCall call = index.bySipCallId(callIdOf(reInvite));
        if (leg == null || call == null) {
            sip.respond(tx, reInvite, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        call.lane.submit(() -> answerFailures(tx, reInvite, () -> handleReInvite(tx, reInvite, call, leg)));
    }

    private void handleReInvite(ServerTransaction tx, Request reInvite, BridgedCall call, BridgedCall.Leg leg)
            throws Exception {
        synchronized (call) {
            if (call.state != BridgedCall.State.ANSWERED || leg.left) {
                sip.respond(tx, reInvite, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                return;
            }
            SdpNegotiator.Answer answer;
            try {
                answer = negotiator.answer(SdpParser.parse(SipMessages.body(reInvite)), call.sdpSessionId,
                        ++call.sdpVersion, leg.media.localPort());
            } catch (SdpException e) {
                sip.respond(tx, reInvite, e.notAcceptable() ? Response.NOT_ACCEPTABLE_HERE : Response.BAD_REQUEST);
                return;
            }
            leg.media.connect(answer.audio());
            sip.respond(tx, reInvite, Response.OK, null, answer.sdp(), List.of());
            LOG.info("{} {} call {} ({})", leg.party.sipUsername(), answer.audio().peerReceives() ? "resumed" : "held",
                    call.callId, answer.audio().codecName());
        }
    }

    /**
     * Hangs up {@code userId}'s leg of call {@code callId} (a leave made elsewhere, e.g. the REST API), after the
     * call's events already queued; waits for it.
     */
    boolean hangUp(long callId, long userId) {
        BridgedCall call = index.byId(callId);
        if (call == null) {
            return false;
        }
        return call.lane.call(() -> hangUpNow(call, userId));
    }

    private boolean hangUpNow(BridgedCall call, long userId) {
        long callId = call.callId;
        synchronized (call) {
            for (BridgedCall.Leg leg : call.legs()) {
                if (leg.party.userId() == userId && !leg.left) {
                    LOG.info("call {}: {} is hung up by the bridge", callId, leg.party.sipUsername());
                    sendBye(leg.dialog);
                    leave(call, leg);
                    return true;
                }
            }
        }
        return false;
    }

    /** Applies a mute decided elsewhere (the REST API) to the call's media, in order with the call's events. */
    boolean setMuted(long callId, long userId, boolean nowMuted) {
        BridgedCall call = index.byId(callId);
        if (call == null) {
            return false;
        }
        return call.lane.call(() -> applyMute(call, userId, nowMuted));
    }

    private boolean applyMute(BridgedCall call, long userId, boolean nowMuted) {
        synchronized (call) {
            if (call.state != BridgedCall.State.ANSWERED) {
                return false;
            }
            muted.put(userId, nowMuted);
            call.media.setMuted(userId, nowMuted);
            return true;
        }
    }

    /**
     * RFC 4733 digits: {@code *6} toggles the presser's mute. Heard on a media thread, which only looks up the
     * presser's call and queues the toggle: recording it may block on the database.
     */
    private void onDigit(long userId, char digit) {
        Character previous = lastDigit.put(userId, digit);
        if (previous == null || previous != '*' || digit != '6') {
            return;
        }
        lastDigit.remove(userId);
        BridgedCall call = index.answeredCallOf(userId);
        if (call != null) {
            call.lane.submit(() -> toggleMute(call, userId));
        }
    }

    private void toggleMute(BridgedCall call, long userId) {
        synchronized (call) {
            if (call.state != BridgedCall.State.ANSWERED
                    || call.legs().stream().noneMatch(l -> l.party.userId() == userId && !l.left)) {
                return;
            }
            boolean nowMuted = !muted.getOrDefault(userId, false);
            muted.put(userId, nowMuted);
            rules.setMuted(call.callId, userId, nowMuted);
            call.media.setMuted(userId, nowMuted);
            LOG.info("user {} {} by DTMF in call {}", userId, nowMuted ? "muted" : "unmuted", call.callId);
        }
    }

    private void cancelForks(BridgedCall call) {
        cancel(call.forks);
    }

    private void cancel(List<ClientTransaction> forks) {
        for (ClientTransaction fork : forks) {
            try {
                sip.provider.getNewClientTransaction(fork.createCancel()).sendRequest();
            } catch (Exception e) {
                LOG.debug("could not CANCEL a fork: {}", e.toString());
            }
        }
        forks.clear();
    }

    private void sendBye(Dialog dialog) {
        if (dialog == null) {
            return;
        }
        try {
            Request bye = dialog.createRequest(Request.BYE);
            ClientTransaction tx = sip.provider.getNewClientTransaction(bye);
            dialog.sendRequest(tx);
        } catch (Exception e) {
            LOG.info("could not send BYE: {}", e.toString());
        }
    }

    /** Releases everything the call holds; the caller of this holds the call's monitor. */
    private void finish(BridgedCall call) {
        call.state = BridgedCall.State.ENDED;
        if (call.noAnswerTimer != null) {
            call.noAnswerTimer.cancel(false);
        }
        if (call.media != null) {
            call.media.close();
        }
        List<BridgedCall.Leg> legs = call.legs();
        legs.forEach(l -> l.media.close());
        index.remove(call);
        for (BridgedCall.Leg leg : legs) {
            lastDigit.remove(leg.party.userId());
            muted.remove(leg.party.userId());
        }
    }

    /** Hangs up every call (server shutdown); INVITEs still queued are then refused rather than rung. */
    void hangUpAll() {
        closing = true;
        for (BridgedCall call : index.all()) {
            synchronized (call) {
                if (call.state == BridgedCall.State.ANSWERED) {
                    for (BridgedCall.Leg leg : call.legs()) {
                        if (!leg.left) {
                            leave(call, leg);
                            sendBye(leg.dialog);
                        }
                    }
                } else if (call.state == BridgedCall.State.RINGING) {
                    cancelForks(call);
                    cancel(call.callerForks);
                    refuseCaller(call, Response.SERVICE_UNAVAILABLE);
                    finish(call);
                }
            }
        }
    }

    /**
     * Puts the call's id and, for a participant's own dialog, the participant's user id into the log context
     * (MDC) of the thread handling {@code message}; nothing when the message belongs to no call yet.
     */
    void tagLogContext(javax.sip.message.Message message) {
        CallIdHeader header = (CallIdHeader) message.getHeader(CallIdHeader.NAME);
        if (header == null) {
            return;
        }
        BridgedCall call = index.bySipCallId(header.getCallId());
        if (call != null && call.callId >= 0) {
            MDC.put(LOG_CALL_ID, Long.toString(call.callId));
        }
        BridgedCall.Leg leg = index.legBySipCallId(header.getCallId());
        if (leg != null) {
            MDC.put(LOG_PARTICIPANT_ID, Long.toString(leg.party.userId()));
        }
    }

    static final String LOG_CALL_ID = "callId";
    static final String LOG_PARTICIPANT_ID = "participantId";
    static final String LOG_STAGE = "stage";

    private static String callIdOf(Request request) {
        return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
    }
}
