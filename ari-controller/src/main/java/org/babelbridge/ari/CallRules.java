package org.babelbridge.ari;

import java.util.List;
import java.util.Optional;

/**
 * The call rules and records, as the Asterisk front drives them. Implemented over the calls
 * services so that this front and the built-in SIP front write the same rows for the same calls.
 * Methods may block on the database; the Stasis application calls them on its event thread.
 */
public interface CallRules {

    /** The user whose softphone is registered as PJSIP endpoint {@code sipUsername}. */
    Optional<CallUser> userBySipUsername(String sipUsername);

    /** The user calling from the PSTN with caller ID {@code phoneNumber}. */
    Optional<CallUser> userByPhoneNumber(String phoneNumber);

    /**
     * Starts a call from {@code caller} to whoever {@code dialled} names (a contact's SIP username or
     * E.164 number): contacts only, neither party in another active call. Records the call as
     * ongoing with the caller as participant.
     *
     * @return the new call and the users to ring
     * @throws CallRefusedException when the rules refuse it
     */
    StartedCall startCall(CallUser caller, String dialled);

    /**
     * Adds {@code userId} to a running call (at most four participants, not in another call).
     *
     * @return the user to ring
     * @throws CallRefusedException when the rules refuse it
     */
    CallUser inviteParticipant(long callId, long userId);

    /** {@code userId} answered and is connected to the call. */
    void participantAnswered(long callId, long userId);

    /**
     * {@code userId} left the call: hung up, or never answered ({@code answered} false: busy,
     * no answer, unreachable).
     *
     * @return what became of the call
     */
    CallOutcome participantLeft(long callId, long userId, boolean answered);

    /** {@code userId} muted or unmuted themselves (DTMF). */
    void setMuted(long callId, long userId, boolean muted);

    /** A call just started. */
    record StartedCall(long callId, CallUser caller, List<CallUser> callees) {
    }

    /** The state of a call after a participant left. */
    enum CallOutcome {
        /** Two or more participants remain (or are still being rung). */
        ONGOING,
        /** Fewer than two remain after a conversation: status ended; hang the rest up. */
        ENDED,
        /** Nobody answered: status missed; hang the rest up. */
        MISSED
    }
}
