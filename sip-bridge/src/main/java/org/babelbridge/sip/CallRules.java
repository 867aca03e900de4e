package org.babelbridge.sip;

import java.util.Optional;

/**
 * The call rules and call records as the SIP front needs them; implemented by the calls services.
 * Calls may block on the database: they are made on signalling threads, never on the media clock.
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
}
