package org.babelbridge.server.sip;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import org.babelbridge.api.LiveCallControl;
import org.babelbridge.calls.BridgeInstance;
import org.babelbridge.calls.CallControlRelay;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.RuleViolationException;
import org.babelbridge.calls.Violation;
import org.babelbridge.sip.CallRejectedException;
import org.babelbridge.sip.SipFront;
import org.babelbridge.sip.adapter.ClusterCallControl;

/**
 * The call endpoints' way to the phones of calls the built-in SIP front carries, on this instance or, relayed,
 * on the instance sharing the database that carries the call: invite, hang up and mute act on the live dialogs
 * and media. Present only when the SIP front is; created at start-up, so that it takes relayed commands before
 * this instance serves any request.
 */
@Context
@Requires(beans = SipFront.class)
final class SipLiveCallControl implements LiveCallControl {

    private final SipFront front;
    private final ClusterCallControl control;

    SipLiveCallControl(SipFront front, CallService calls, BridgeInstance instance, CallControlRelay relay) {
        this.front = front;
        this.control = new ClusterCallControl(front, calls, instance, relay);
    }

    @Override
    public boolean carries(long callId) {
        return control.carries(callId);
    }

    @Override
    public void invite(long callId, long inviterUserId, long userId) {
        try {
            control.invite(callId, inviterUserId, userId);
        } catch (CallRejectedException e) {
            throw new RuleViolationException(violationOf(e), e.getMessage());
        }
    }

    /** Click-to-call is placed by this instance, which anchors the call; registrations are shared. */
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
        return control.hangUp(callId, userId);
    }

    @Override
    public boolean setMuted(long callId, long userId, boolean muted) {
        return control.setMuted(callId, userId, muted);
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
