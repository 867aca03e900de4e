package org.babelbridge.api;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.babelbridge.calls.CallService;

/**
 * A signalling front for the call endpoint tests: carries only the calls a test hands it, records what
 * the endpoints asked of it and, like the SIP front, records a hang-up as a leave.
 */
@Singleton
final class RecordingLiveCallControl implements LiveCallControl {

    private final CallService calls;
    private final Set<Long> carried = ConcurrentHashMap.newKeySet();
    final List<String> requests = new CopyOnWriteArrayList<>();

    RecordingLiveCallControl(CallService calls) {
        this.calls = calls;
    }

    void carry(long callId) {
        carried.add(callId);
    }

    @Override
    public boolean carries(long callId) {
        return carried.contains(callId);
    }

    @Override
    public void invite(long callId, long inviterUserId, long userId) {
        requests.add("invite " + callId + " " + inviterUserId + " " + userId);
    }

    @Override
    public void ring(long callerUserId, long calleeUserId) {
        requests.add("ring " + callerUserId + " " + calleeUserId);
    }

    @Override
    public boolean hangUp(long callId, long userId) {
        requests.add("hangUp " + callId + " " + userId);
        calls.leave(callId, userId);
        return true;
    }

    @Override
    public boolean setMuted(long callId, long userId, boolean muted) {
        requests.add("setMuted " + callId + " " + userId + " " + muted);
        return true;
    }
}
