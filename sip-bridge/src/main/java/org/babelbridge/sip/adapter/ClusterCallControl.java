package org.babelbridge.sip.adapter;

import java.time.Duration;
import java.util.Optional;
import org.babelbridge.calls.BridgeInstance;
import org.babelbridge.calls.CallControlRelay;
import org.babelbridge.calls.CallControlRelay.Command;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.CallSession;
import org.babelbridge.sip.CallRejectedException;
import org.babelbridge.sip.SipFront;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live call control (hang up, mute, invite) for a call wherever its media is: on this instance's SIP front, or,
 * for a call another instance owns, relayed to that instance, which acts on its phones. Commands relayed here
 * are applied to this front. Thread-safe; blocking (JDBC).
 */
public final class ClusterCallControl {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterCallControl.class);
    /** How long a relayed hang-up is awaited in the call record before answering anyway. */
    private static final Duration RELAYED_LEAVE_WAIT = Duration.ofSeconds(3);

    private final SipFront front;
    private final CallService calls;
    private final BridgeInstance instance;
    private final CallControlRelay relay;

    public ClusterCallControl(SipFront front, CallService calls, BridgeInstance instance, CallControlRelay relay) {
        this.front = front;
        this.calls = calls;
        this.instance = instance;
        this.relay = relay;
        relay.onCommand(this::apply);
    }

    /** True when the call is in progress here or on another instance that carries its media. */
    public boolean carries(long callId) {
        return front.carries(callId) || remoteOwner(callId).isPresent();
    }

    /** Rings {@code userId} into the call, from whichever instance carries it. */
    public void invite(long callId, long inviterUserId, long userId) throws CallRejectedException {
        if (front.carries(callId)) {
            front.invite(callId, inviterUserId, userId);
            return;
        }
        Optional<String> owner = remoteOwner(callId);
        if (owner.isEmpty()) {
            front.invite(callId, inviterUserId, userId); // refused: not in progress anywhere
            return;
        }
        relay.send(new Command(owner.get(), Command.INVITE, callId, userId, inviterUserId));
    }

    /**
     * Hangs up {@code userId}'s phone; for another instance's call, waits a little for that instance to record
     * the leave. False when the call is in progress nowhere.
     */
    public boolean hangUp(long callId, long userId) {
        if (front.carries(callId)) {
            return front.hangUp(callId, userId);
        }
        Optional<String> owner = remoteOwner(callId);
        if (owner.isEmpty()) {
            return false;
        }
        relay.send(new Command(owner.get(), Command.HANG_UP, callId, userId, 0));
        long deadline = System.nanoTime() + RELAYED_LEAVE_WAIT.toNanos();
        while (System.nanoTime() < deadline && stillIn(callId, userId)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return true;
    }

    /** Applies a mute already recorded to the call's audio, wherever it is. */
    public boolean setMuted(long callId, long userId, boolean muted) {
        if (front.carries(callId)) {
            return front.setMuted(callId, userId, muted);
        }
        Optional<String> owner = remoteOwner(callId);
        owner.ifPresent(o -> relay.send(new Command(o, muted ? Command.MUTE : Command.UNMUTE, callId, userId, 0)));
        return owner.isPresent();
    }

    private void apply(Command command) {
        switch (command.op()) {
            case Command.HANG_UP -> front.hangUp(command.callId(), command.userId());
            case Command.MUTE, Command.UNMUTE -> front.setMuted(command.callId(), command.userId(),
                    command.op().equals(Command.MUTE));
            case Command.INVITE -> {
                try {
                    front.invite(command.callId(), command.otherUserId(), command.userId());
                } catch (CallRejectedException e) {
                    LOG.info("relayed invitation into call {} refused: {}", command.callId(), e.getMessage());
                }
            }
            default -> LOG.warn("unknown call control command {}", command);
        }
    }

    private Optional<String> remoteOwner(long callId) {
        Optional<CallSession> call = calls.find(callId);
        if (call.isEmpty() || !call.get().active()) {
            return Optional.empty();
        }
        return calls.ownerOf(callId).filter(owner -> !owner.equals(instance.id()));
    }

    private boolean stillIn(long callId, long userId) {
        return calls.find(callId).map(c -> c.active() && c.activeUserIds().contains(userId)).orElse(false);
    }
}
