package org.babelbridge.api;

/**
 * The signalling front that carries live calls (the built-in SIP front), as the call endpoints need it:
 * REST operations on a call it carries must reach the phones, not only the call record. Optional: without
 * such a bean the endpoints change the record alone. Implementations are thread-safe and return quickly.
 */
public interface LiveCallControl {

    /** True when call {@code callId} is ringing or in progress on this front. */
    boolean carries(long callId);

    /**
     * Rings {@code userId} into the call; they are added to the call record when they answer.
     *
     * @throws org.babelbridge.calls.RuleViolationException when the user cannot be invited now
     */
    void invite(long callId, long inviterUserId, long userId);

    /** Hangs up {@code userId}'s phone and records the leave. False when they are not in the call here. */
    boolean hangUp(long callId, long userId);

    /**
     * Click-to-call: rings {@code callerUserId}'s phone, then, once answered, {@code calleeUserId}'s, and
     * joins them; the call is recorded when the callee answers. Returns at once.
     *
     * @throws org.babelbridge.calls.RuleViolationException when the call rules refuse it or the caller has no
     *         phone to ring
     */
    void ring(long callerUserId, long calleeUserId);

    /** Applies a mute already recorded to the call's audio. False when the call is not carried here. */
    boolean setMuted(long callId, long userId, boolean muted);
}
