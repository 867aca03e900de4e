package org.babelbridge.sip.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import javax.sip.ClientTransaction;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import org.babelbridge.sip.CallParty;
import org.babelbridge.sip.NegotiatedAudio;
import org.babelbridge.sip.SipCallMedia;
import org.babelbridge.sip.SipMediaLeg;

/**
 * One call through the bridge: the caller's inbound INVITE, the outbound INVITEs to the callee's
 * contacts, and once answered one {@link Leg} per participant. Guarded by its own monitor: every
 * handler locks the call before touching it.
 */
final class BridgedCall {

    enum State { RINGING, ANSWERED, ENDED }

    /** One participant's dialog and RTP leg. */
    static final class Leg {
        final CallParty party;
        final SipMediaLeg media;
        javax.sip.Dialog dialog;
        String sipCallId;
        boolean left;
        /** The SDES master key and salt we offered this participant, when we offered SRTP. */
        byte[] offeredSrtpKey;

        Leg(CallParty party, SipMediaLeg media) {
            this.party = party;
            this.media = media;
        }
    }

    final CallParty caller;
    final CallParty callee;
    final ServerTransaction inviteTx;
    final Request invite;
    final String callerTag = SipMessages.newTag();
    final Leg callerLeg;
    final Leg calleeLeg;
    /** Known from the caller's INVITE, or, for a click-to-call, from their phone's answer. */
    NegotiatedAudio callerAudio;
    final String callerAnswerSdp;
    final long sdpSessionId = System.nanoTime() & 0xffffffffL;
    final List<ClientTransaction> forks = new ArrayList<>();
    /** The SIP Call-IDs the call is filed under in the {@link CallIndex}: its dialogs and forks. */
    final List<String> sipCallIds = new ArrayList<>(4);
    /** Runs the call's events that need the call rules, one at a time and in order. */
    final CallWorkers.Lane lane;
    /** Participants who joined after the answer (3rd and 4th). */
    final List<Leg> addedLegs = new ArrayList<>();
    State state = State.RINGING;
    boolean ringingSent;
    long callId = -1;
    SipCallMedia media;
    ScheduledFuture<?> noAnswerTimer;
    long sdpVersion = 1;
    /** The trunk the callee is rung through on their phone; null when they are rung at their registrations. */
    org.babelbridge.sip.trunk.TrunkSettings egress;
    /** Click-to-call: the INVITEs ringing the caller's own phone, and whether it answered. */
    final List<ClientTransaction> callerForks = new ArrayList<>();
    boolean callerAnswered;
    /** Click-to-call: where the callee is rung once the caller answers. */
    List<org.babelbridge.sip.registrar.Binding> calleeContacts = List.of();

    /** True when the bridge placed this call (click-to-call) rather than a phone's INVITE. */
    boolean placedByBridge() {
        return inviteTx == null;
    }

    /** Application data of the INVITEs that ring the caller's phone of a click-to-call. */
    record CallerRing(BridgedCall call) {
    }

    BridgedCall(CallParty caller, CallParty callee, ServerTransaction inviteTx, Request invite,
                Leg callerLeg, Leg calleeLeg, NegotiatedAudio callerAudio, String callerAnswerSdp, CallWorkers.Lane lane) {
        this.lane = lane;
        this.caller = caller;
        this.callee = callee;
        this.inviteTx = inviteTx;
        this.invite = invite;
        this.callerLeg = callerLeg;
        this.calleeLeg = calleeLeg;
        this.callerAudio = callerAudio;
        this.callerAnswerSdp = callerAnswerSdp;
    }

    List<Leg> legs() {
        List<Leg> legs = new ArrayList<>(List.of(callerLeg, calleeLeg));
        legs.addAll(addedLegs);
        return legs;
    }

    /** An outstanding INVITE of a further participant into this answered call. */
    static final class Invitation {
        final BridgedCall call;
        final Leg leg;
        final long inviterUserId;
        final List<ClientTransaction> forks = new ArrayList<>();
        boolean settled;
        ScheduledFuture<?> timer;

        Invitation(BridgedCall call, Leg leg, long inviterUserId) {
            this.call = call;
            this.leg = leg;
            this.inviterUserId = inviterUserId;
        }
    }
}
