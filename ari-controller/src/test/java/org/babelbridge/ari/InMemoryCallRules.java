package org.babelbridge.ari;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Test double of the call rules with the design's semantics (contacts only, one active call per
 * user, at most four participants, ended below two, missed when nobody answered), recording what
 * the front reported so tests can assert on it.
 */
final class InMemoryCallRules implements CallRules {

    record Call(long id, long callerId, Map<Long, String> participantStates, List<String> log) {
    }

    private final Map<Long, CallUser> users = new LinkedHashMap<>();
    private final Map<Long, Set<Long>> contacts = new HashMap<>();
    private final Map<Long, Call> calls = new LinkedHashMap<>();
    private final Map<Long, String> status = new HashMap<>();
    private final Map<Long, Boolean> muted = new HashMap<>();
    private long nextCallId = 100;

    synchronized CallUser user(long id, String language, String sip, String phone) {
        CallUser u = new CallUser(id, language, sip, phone, "User " + id);
        users.put(id, u);
        return u;
    }

    synchronized void contacts(long a, long... others) {
        for (long b : others) {
            contacts.computeIfAbsent(a, k -> new HashSet<>()).add(b);
            contacts.computeIfAbsent(b, k -> new HashSet<>()).add(a);
        }
    }

    synchronized String status(long callId) {
        return status.get(callId);
    }

    synchronized Optional<Long> onlyCallId() {
        return calls.keySet().stream().reduce((a, b) -> b);
    }

    synchronized List<String> log(long callId) {
        return List.copyOf(calls.get(callId).log());
    }

    synchronized boolean isMuted(long userId) {
        return muted.getOrDefault(userId, false);
    }

    synchronized int callCount() {
        return calls.size();
    }

    @Override
    public synchronized Optional<CallUser> userBySipUsername(String sipUsername) {
        return users.values().stream().filter(u -> sipUsername.equals(u.sipUsername())).findFirst();
    }

    @Override
    public synchronized Optional<CallUser> userByPhoneNumber(String phoneNumber) {
        return users.values().stream().filter(u -> phoneNumber.equals(u.phoneNumber())).findFirst();
    }

    private boolean inActiveCall(long userId) {
        return calls.values().stream().anyMatch(c -> "ongoing".equals(status.get(c.id()))
                && ("ringing".equals(c.participantStates().get(userId)) || "joined".equals(c.participantStates().get(userId))));
    }

    @Override
    public synchronized StartedCall startCall(CallUser caller, String dialled) {
        CallUser callee = users.values().stream()
                .filter(u -> dialled.equals(u.sipUsername()) || dialled.equals(u.phoneNumber()))
                .findFirst()
                .orElseThrow(() -> new CallRefusedException(CallRefusedException.Reason.UNKNOWN_TARGET, "no user " + dialled));
        if (!contacts.getOrDefault(caller.userId(), Set.of()).contains(callee.userId())) {
            throw new CallRefusedException(CallRefusedException.Reason.NOT_A_CONTACT, dialled + " is not a contact");
        }
        if (inActiveCall(caller.userId()) || inActiveCall(callee.userId())) {
            throw new CallRefusedException(CallRefusedException.Reason.BUSY, "already in a call");
        }
        long id = nextCallId++;
        Call call = new Call(id, caller.userId(), new LinkedHashMap<>(), new ArrayList<>());
        call.participantStates().put(caller.userId(), "joined");
        call.participantStates().put(callee.userId(), "ringing");
        call.log().add("start " + caller.userId() + "->" + callee.userId());
        calls.put(id, call);
        status.put(id, "ongoing");
        return new StartedCall(id, caller, List.of(callee));
    }

    @Override
    public synchronized CallUser inviteParticipant(long callId, long userId) {
        Call call = calls.get(callId);
        if (call == null || !"ongoing".equals(status.get(callId))) {
            throw new CallRefusedException(CallRefusedException.Reason.CALL_NOT_ACTIVE, "call " + callId);
        }
        long active = call.participantStates().values().stream().filter(s -> !s.equals("left")).count();
        if (active >= 4) {
            throw new CallRefusedException(CallRefusedException.Reason.CALL_FULL, "call " + callId + " has four participants");
        }
        if (inActiveCall(userId)) {
            throw new CallRefusedException(CallRefusedException.Reason.BUSY, "user " + userId + " is in a call");
        }
        call.participantStates().put(userId, "ringing");
        call.log().add("invite " + userId);
        return users.get(userId);
    }

    @Override
    public synchronized void participantAnswered(long callId, long userId) {
        Call call = calls.get(callId);
        call.participantStates().put(userId, "joined");
        call.log().add("answered " + userId);
    }

    @Override
    public synchronized CallOutcome participantLeft(long callId, long userId, boolean answered) {
        Call call = calls.get(callId);
        if (!"ongoing".equals(status.get(callId))) {
            return "missed".equals(status.get(callId)) ? CallOutcome.MISSED : CallOutcome.ENDED;
        }
        call.participantStates().put(userId, "left");
        call.log().add((answered ? "left " : "unanswered ") + userId);
        long joined = call.participantStates().values().stream().filter(s -> s.equals("joined")).count();
        long ringing = call.participantStates().values().stream().filter(s -> s.equals("ringing")).count();
        boolean anyoneAnswered = call.log().stream().anyMatch(l -> l.startsWith("answered"));
        if (joined >= 1 && joined + ringing >= 2) {
            return CallOutcome.ONGOING;
        }
        call.participantStates().replaceAll((k, v) -> "left");
        status.put(callId, anyoneAnswered ? "ended" : "missed");
        return anyoneAnswered ? CallOutcome.ENDED : CallOutcome.MISSED;
    }

    @Override
    public synchronized void setMuted(long callId, long userId, boolean mute) {
        muted.put(userId, mute);
        calls.get(callId).log().add((mute ? "mute " : "unmute ") + userId);
    }
}
