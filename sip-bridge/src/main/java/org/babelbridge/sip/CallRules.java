package org.babelbridge.sip;

import java.util.Optional;

/**
 * The call rules and call records as the SIP front needs them; implemented by the calls services.
 * Calls may block on the database: the front makes them on its call workers (or on the API's threads for
 * click-to-call and invitations), never on the SIP stack's dispatch threads or the media clock.
 */
public interface CallRules {

    /** The user reached by a dialled string: a {@code sip_username} or a phone number. */
    Optional<CallParty> findByDialled(String dialled);

    Optional<CallParty> findById(long userId);

    /** Whether {@code callerUserId} may call {@code calleeUserId} now (contact, online, not busy). */
    CallCheck check(long callerUserId, long calleeUserId);

    /** Records an answered call with both participants; returns the call id. */
    long start(long callerUserId, long calleeUserId) throws CallRejectedException;

    /** Records that {@code userId}, invited by {@code inviterUserId}, answered and joined {@code callId}. */
    void addParticipant(long callId, long inviterUserId, long userId) throws CallRejectedException;

    /** Records a call nobody answered. */
    void recordMissed(long callerUserId, long calleeUserId);

    /**
     * Marks {@code userId} as having left {@code callId}. Returns true when that ended the call (fewer
     * than two remained); the ones left alone are then marked as left too, and the front hangs them up.
     */
    boolean leave(long callId, long userId);

    void setMuted(long callId, long userId, boolean muted);

    /** The user's {@code phone_number} (E.164), through which a trunk reaches them; empty when none. */
    default Optional<String> phoneNumberOf(long userId) {
        return Optional.empty();
    }

    /**
     * As {@link #check}, for a callee reached on their phone through a trunk rather than a registration:
     * contact and not busy, while being online does not apply.
     */
    default CallCheck checkReachableByPhone(long callerUserId, long calleeUserId) {
        CallCheck check = check(callerUserId, calleeUserId);
        return check == CallCheck.OFFLINE ? CallCheck.ALLOWED : check;
    }

    /** As {@link #start}, for a callee who answered their phone through a trunk (online does not apply). */
    default long startReachableByPhone(long callerUserId, long calleeUserId) throws CallRejectedException {
        return start(callerUserId, calleeUserId);
    }
}
