package org.babelbridge.server.sip;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.babelbridge.api.LiveCallControl;
import org.babelbridge.calls.RuleViolationException;
import org.babelbridge.calls.Violation;
import org.babelbridge.sip.CallRejectedException;
import org.babelbridge.sip.SipFront;

/**
 * The call endpoints' way to the phones of calls the built-in SIP front carries: invite, hang up and
 * mute act on the live dialogs and media. Present only when the SIP front is.
 */
@Singleton
@Requires(beans = SipFront.class)
final class SipLiveCallControl implements LiveCallControl {

    private final SipFront front;

    SipLiveCallControl(SipFront front) {
        this.front = front;
    }

    @Override
    public boolean carries(long callId) {
        return front.carries(callId);
    }

    @Override
    public void invite(long callId, long inviterUserId, long userId) {
        try {
            front.invite(callId, inviterUserId, userId);
        } catch (CallRejectedException e) {
            throw new RuleViolationException(violationOf(e), e.getMessage());
        }
    }

    @Override
    public void ring(long callerUserId, long calleeUserId) {
        try {
            front.ring(callerUserId, calleeUserId);
        } catch (CallRejectedException e) {
            throw new RuleViolationException(violationOf(e), e.getMessage());
        }
    }

    @Override
    public boolean hangUp(long callId, long userId) {
        return front.hangUp(callId, userId);
    }

    @Override
    public boolean setMuted(long callId, long userId, boolean muted) {
        return front.setMuted(callId, userId, muted);
    }

    private static Violation violationOf(CallRejectedException e) {
        return switch (e.reason()) {
            case NOT_A_CONTACT -> Violation.NOT_A_CONTACT;
            case NOT_FOUND -> Violation.NOT_FOUND;
            case OFFLINE -> Violation.OFFLINE;
            case BUSY, ALLOWED -> Violation.BUSY;
        };
    }
}
