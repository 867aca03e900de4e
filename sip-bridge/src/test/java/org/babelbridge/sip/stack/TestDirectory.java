package org.babelbridge.sip.stack;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.babelbridge.sip.CallCheck;
import org.babelbridge.sip.CallParty;
import org.babelbridge.sip.CallRejectedException;
import org.babelbridge.sip.CallRules;
import org.babelbridge.sip.Presence;
import org.babelbridge.sip.SipAccount;
import org.babelbridge.sip.SipAccounts;
import org.babelbridge.sip.auth.DigestAlgorithm;

/**
 * In-memory accounts, presence and call rules for driving the SIP endpoint with real SIP peers:
 * alice (en) and bob (ru) are each other's contacts, carol (en) is nobody's. Records what the
 * endpoint told it, in order.
 */
class TestDirectory implements SipAccounts, Presence, CallRules {

    static final String REALM = "babel-bridge";
    static final String SECRET = "s3cret";

    private final Map<String, CallParty> users = Map.of(
            "alice", new CallParty(1, "alice", "en"),
            "bob", new CallParty(2, "bob", "ru"),
            "carol", new CallParty(3, "carol", "en"));
    private final Set<String> contacts = Set.of("1-2", "2-1");
    private final Set<Long> online = ConcurrentHashMap.newKeySet();
    private final Set<Long> busy = ConcurrentHashMap.newKeySet();
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private long nextCallId = 100;

    @Override
    public Optional<SipAccount> findBySipUsername(String sipUsername) {
        CallParty party = users.get(sipUsername);
        if (party == null) {
            return Optional.empty();
        }
        return Optional.of(new SipAccount(party.userId(), sipUsername, REALM,
                DigestAlgorithm.MD5.ha1(sipUsername, REALM, SECRET), DigestAlgorithm.SHA_256.ha1(sipUsername, REALM, SECRET)));
    }

    @Override
    public void online(long userId, String contactUri, Instant expiresAt) {
        if (online.add(userId)) {
            events.add("online " + userId);
        }
    }

    @Override
    public void offline(long userId, String contactUri) {
        online.remove(userId);
        events.add("offline " + userId);
    }

    @Override
    public Optional<CallParty> findByDialled(String dialled) {
        return Optional.ofNullable(users.get(dialled));
    }

    @Override
    public Optional<CallParty> findById(long userId) {
        return users.values().stream().filter(p -> p.userId() == userId).findFirst();
    }

    @Override
    public void addParticipant(long callId, long inviterUserId, long userId) {
        busy.add(userId);
        events.add("add " + callId + " " + userId);
    }

    @Override
    public CallCheck check(long callerUserId, long calleeUserId) {
        if (!contacts.contains(callerUserId + "-" + calleeUserId)) {
            return CallCheck.NOT_A_CONTACT;
        }
        if (!online.contains(calleeUserId)) {
            return CallCheck.OFFLINE;
        }
        return busy.contains(calleeUserId) ? CallCheck.BUSY : CallCheck.ALLOWED;
    }

    @Override
    public synchronized long start(long callerUserId, long calleeUserId) throws CallRejectedException {
        long id = nextCallId++;
        busy.add(callerUserId);
        busy.add(calleeUserId);
        events.add("start " + id + " " + callerUserId + "->" + calleeUserId);
        return id;
    }

    @Override
    public void recordMissed(long callerUserId, long calleeUserId) {
        events.add("missed " + callerUserId + "->" + calleeUserId);
    }

    @Override
    public boolean leave(long callId, long userId) {
        busy.clear();
        events.add("leave " + callId + " " + userId);
        return true;
    }

    @Override
    public void setMuted(long callId, long userId, boolean muted) {
        events.add((muted ? "mute " : "unmute ") + callId + " " + userId);
    }

    List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }
}
