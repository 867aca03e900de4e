package org.babelbridge.ari;

import java.util.Optional;

/**
 * The call rules and records, as the Asterisk front drives them. Implemented over the calls
 * services with the same operations, in the same order, as the built-in SIP front uses, so both
 * fronts write the same rows for the same calls: a call is recorded when the callee answers
 * ({@link #start}), or as missed when nobody did ({@link #recordMissed}).
 * Methods may block on the database; the Stasis application calls them on its event thread.
 */
public interface CallRules {

    /** The user whose softphone is PJSIP endpoint {@code sipUsername}. */
    Optional<CallUser> userBySipUsername(String sipUsername);

    /** The user calling from the PSTN with caller ID {@code phoneNumber} (E.164). */
    Optional<CallUser> userByPhoneNumber(String phoneNumber);

    /** The user reached by a dialled string: a SIP username or a phone number. */
    Optional<CallUser> findByDialled(String dialled);

    /**
     * May {@code callerId} ring {@code calleeId} now (contact, reachable, neither in a call)?
     *
     * @throws CallRefusedException with the first rule that refuses
     */
    void authorize(long callerId, long calleeId);

    /**
     * The callee answered: records the call as ongoing with both participants.
     *
     * @return the call id
     * @throws CallRefusedException (BUSY) when either joined another call meanwhile
     */
    long start(long callerId, long calleeId);

    /** Records a call nobody answered (status missed). */
    void recordMissed(long callerId, long calleeId);

    /**
     * Adds {@code userId} to running call {@code callId} at {@code inviterId}'s request
     * (at most four participants, a contact of the inviter, reachable, not in another call).
     *
     * @return the user to ring
     * @throws CallRefusedException when the rules refuse
     */
    CallUser addParticipant(long callId, long inviterId, long userId);

    /**
     * {@code userId} left the call (hung up, or an invited participant never answered).
     *
     * @return true when the call ended because fewer than two remain: the front hangs up the rest
     */
    boolean leave(long callId, long userId);

    /** {@code userId} muted or unmuted themselves. */
    void setMuted(long callId, long userId, boolean muted);

    /**
     * The participant as the records have them now: empty when {@code userId} is no longer an
     * active participant of {@code callId} (left or was removed through the REST API, or the call
     * ended), else whether they are muted. Lets the front follow changes made elsewhere.
     */
    Optional<Boolean> activeParticipantMuted(long callId, long userId);

    /** Asterisk reports the softphone of {@code sipUsername} registered ({@code online}) or gone. */
    void endpointPresence(String sipUsername, boolean online);
}
