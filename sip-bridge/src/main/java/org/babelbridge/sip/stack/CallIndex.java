package org.babelbridge.sip.stack;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the calls in progress are found: by the SIP Call-ID of any of their dialogs and forks, by call id,
 * and by the user in an answered call. Each call keeps the keys it was filed under, so that forgetting a
 * call costs O(its dialogs and legs), not O(calls in progress). Thread-safe; a call's own key list is
 * guarded by the call's monitor, as every change of the call is.
 */
final class CallIndex {

    private final Map<String, BridgedCall> callsBySipCallId = new ConcurrentHashMap<>();
    private final Map<String, BridgedCall.Leg> legsBySipCallId = new ConcurrentHashMap<>();
    private final Map<Long, BridgedCall> callsById = new ConcurrentHashMap<>();
    /** A user is in at most one answered call (the database enforces it), so one entry per user suffices. */
    private final Map<Long, BridgedCall> answeredCallsByUser = new ConcurrentHashMap<>();
    private final Set<BridgedCall> calls = ConcurrentHashMap.newKeySet();

    /** Files {@code call} under {@code sipCallId} (the caller's INVITE, or one of our INVITEs). */
    void addDialog(BridgedCall call, String sipCallId) {
        call.sipCallIds.add(sipCallId);
        callsBySipCallId.put(sipCallId, call);
        calls.add(call);
    }

    /** Files a participant's leg under its dialog's Call-ID, which the call is filed under too. */
    void addLeg(BridgedCall call, BridgedCall.Leg leg) {
        if (!call.sipCallIds.contains(leg.sipCallId)) {
            addDialog(call, leg.sipCallId);
        }
        legsBySipCallId.put(leg.sipCallId, leg);
    }

    /** Files an answered call under its call id. */
    void answered(BridgedCall call) {
        callsById.put(call.callId, call);
    }

    /** Notes that {@code userId} is in answered call {@code call}. */
    void joined(BridgedCall call, long userId) {
        answeredCallsByUser.put(userId, call);
    }

    /** Notes that {@code userId} left {@code call}. */
    void left(BridgedCall call, long userId) {
        answeredCallsByUser.remove(userId, call);
    }

    /** Forgets {@code call} under every key it was filed under. */
    void remove(BridgedCall call) {
        for (String sipCallId : call.sipCallIds) {
            callsBySipCallId.remove(sipCallId, call);
        }
        for (BridgedCall.Leg leg : call.legs()) {
            if (leg.sipCallId != null) {
                legsBySipCallId.remove(leg.sipCallId, leg);
            }
            answeredCallsByUser.remove(leg.party.userId(), call);
        }
        callsById.remove(call.callId, call);
        calls.remove(call);
    }

    BridgedCall bySipCallId(String sipCallId) {
        return callsBySipCallId.get(sipCallId);
    }

    BridgedCall.Leg legBySipCallId(String sipCallId) {
        return legsBySipCallId.get(sipCallId);
    }

    BridgedCall byId(long callId) {
        return callsById.get(callId);
    }

    /** The answered call {@code userId} is in, or null. */
    BridgedCall answeredCallOf(long userId) {
        return answeredCallsByUser.get(userId);
    }

    /** Calls ringing or in progress. */
    int size() {
        return calls.size();
    }

    List<BridgedCall> all() {
        return List.copyOf(calls);
    }

    /** Entries per map, for tests: Call-IDs of calls, Call-IDs of legs, call ids, users in answered calls. */
    List<Integer> sizes() {
        return List.of(callsBySipCallId.size(), legsBySipCallId.size(), callsById.size(), answeredCallsByUser.size());
    }
}
