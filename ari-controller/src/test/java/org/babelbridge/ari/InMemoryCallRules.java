package org.babelbridge.ari;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Test double of the call rules with the calls services' semantics (contacts only, callee online,
 * one active call per user, at most four participants, a call recorded on answer and ended below
 * two, missed calls recorded apart), logging what the front reported so tests can assert on it.
 */
final class InMemoryCallRules implements CallRules {

    /** A recorded call: status ongoing/ended/missed, active participants. */
    static final class Call {
        final long id;
        String status;
        final Set<Long> active = new LinkedHashSet<>();
        final Set<Long> everyone = new LinkedHashSet<>();

        Call(long id, String status) {
            this.id = id;
            this.status = status;
        }
    }

    private final Map<Long, CallUser> users = new LinkedHashMap<>();
    private final Map<Long, Set<Long>> contacts = new HashMap<>();
    private final Set<Long> online = new HashSet<>();
    private final Map<Long, Call> calls = new LinkedHashMap<>();
    private final Map<Long, Boolean> muted = new HashMap<>();
    private final List<String> log = new ArrayList<>();
    private long nextCallId = 100;

    synchronized CallUser user(long id, String language, String sip, String phone) {
        CallUser u = new CallUser(id, language, sip, phone, "User " + id);
        users.put(id, u);
        online.add(id);
        return u;
    }

    synchronized void contacts(long a, long... others) {
        for (long b : others) {
            contacts.computeIfAbsent(a, k -> new HashSet<>()).add(b);
            contacts.computeIfAbsent(b, k -> new HashSet<>()).add(a);
        }
    }

    synchronized void setOnline(long userId, boolean isOnline) {
        if (isOnline) {
            online.add(userId);
        } else {
            online.remove(userId);
        }
    }

    synchronized boolean isOnline(long userId) {
        return online.contains(userId);
    }

    synchronized Optional<Call> lastCall() {
        return calls.values().stream().reduce((a, b) -> b);
    }

    synchronized String status(long callId) {
        return calls.get(callId).status;
    }

    synchronized List<String> log() {
        return List.copyOf(log);
    }

    synchronized boolean isMuted(long userId) {
        return muted.getOrDefault(userId, false);
    }

    synchronized int callCount() {
        return calls.size();
    }

    private boolean busy(long userId) {
        return calls.values().stream().anyMatch(c -> c.status.equals("ongoing") && c.active.contains(userId));
    }

    @Override
    public synchronized Optional<CallUser> userBySipUsername(String sipUsername) {
        return users.values().stream().filter(u -> sipUsername.equals(u.sipUsername())).findFirst();
    }

    @Override
    public synchronized Optional<CallUser> userByPhoneNumber(String phoneNumber) {
        return users.values().stream().filter(u -> phoneNumber.equals(u.phoneNumber())).findFirst();
    }

    @Override
    public synchronized Optional<CallUser> findByDialled(String dialled) {
        return users.values().stream()
                .filter(u -> dialled.equals(u.sipUsername()) || dialled.equals(u.phoneNumber())).findFirst();
    }

    @Override
    public synchronized void authorize(long callerId, long calleeId) {
        if (!contacts.getOrDefault(callerId, Set.of()).contains(calleeId)) {
            throw new CallRefusedException(CallRefusedException.Reason.NOT_A_CONTACT, "Contact not authorized");
        }
        if (!online.contains(calleeId)) {
            throw new CallRefusedException(CallRefusedException.Reason.OFFLINE, "User offline");
        }
        if (busy(callerId) || busy(calleeId)) {
            throw new CallRefusedException(CallRefusedException.Reason.BUSY, "Already in call");
        }
    }

    @Override
    public synchronized long start(long callerId, long calleeId) {
        if (busy(callerId) || busy(calleeId)) {
            throw new CallRefusedException(CallRefusedException.Reason.BUSY, "Already in call");
        }
        Call call = new Call(nextCallId++, "ongoing");
        call.active.add(callerId);
        call.active.add(calleeId);
        call.everyone.addAll(call.active);
        calls.put(call.id, call);
        log.add("start " + callerId + "->" + calleeId);
        return call.id;
    }

    @Override
    public synchronized void recordMissed(long callerId, long calleeId) {
        Call call = new Call(nextCallId++, "missed");
        call.everyone.add(callerId);
        call.everyone.add(calleeId);
        calls.put(call.id, call);
        log.add("missed " + callerId + "->" + calleeId);
    }

    @Override
    public synchronized CallUser addParticipant(long callId, long inviterId, long userId) {
        Call call = calls.get(callId);
        if (call == null || !call.status.equals("ongoing")) {
            throw new CallRefusedException(CallRefusedException.Reason.CALL_NOT_ACTIVE, "Call is not active");
        }
        if (!call.active.contains(inviterId)) {
            throw new CallRefusedException(CallRefusedException.Reason.NOT_A_PARTICIPANT, "Not a participant");
        }
        if (!contacts.getOrDefault(inviterId, Set.of()).contains(userId)) {
            throw new CallRefusedException(CallRefusedException.Reason.NOT_A_CONTACT, "Contact not authorized");
        }
        if (call.active.size() >= 4) {
            throw new CallRefusedException(CallRefusedException.Reason.CALL_FULL, "a call has at most 4 participants");
        }
        if (busy(userId)) {
            throw new CallRefusedException(CallRefusedException.Reason.BUSY, "Already in call");
        }
        call.active.add(userId);
        call.everyone.add(userId);
        log.add("add " + userId);
        return users.get(userId);
    }

    @Override
    public synchronized boolean leave(long callId, long userId) {
        Call call = calls.get(callId);
        if (!call.active.remove(userId)) {
            throw new CallRefusedException(CallRefusedException.Reason.NOT_A_PARTICIPANT, "Not a participant");
        }
        log.add("leave " + userId);
        if (call.active.size() < 2 && call.status.equals("ongoing")) {
            call.active.clear();
            call.status = "ended";
            return true;
        }
        return false;
    }

    @Override
    public synchronized void setMuted(long callId, long userId, boolean mute) {
        muted.put(userId, mute);
        log.add((mute ? "mute " : "unmute ") + userId);
    }

    @Override
    public synchronized Optional<Boolean> activeParticipantMuted(long callId, long userId) {
        Call call = calls.get(callId);
        if (call == null || !call.status.equals("ongoing") || !call.active.contains(userId)) {
            return Optional.empty();
        }
        return Optional.of(muted.getOrDefault(userId, false));
    }

    @Override
    public synchronized void endpointPresence(String sipUsername, boolean isOnline) {
        userBySipUsername(sipUsername).ifPresent(u -> setOnline(u.userId(), isOnline));
        log.add((isOnline ? "online " : "offline ") + sipUsername);
    }
}
