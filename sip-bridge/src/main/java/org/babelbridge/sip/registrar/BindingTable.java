package org.babelbridge.sip.registrar;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.babelbridge.sip.Presence;

/**
 * The registrar's location service: live contacts per user, kept in memory (a restart makes phones
 * register again within their interval). Turns the first binding into "online" and the removal or
 * expiry of the last one into "offline". Thread-safe; presence calls happen on the caller's thread.
 */
public final class BindingTable {

    private final Clock clock;
    private final Presence presence;
    private final Map<Long, Map<String, Binding>> byUser = new LinkedHashMap<>();

    public BindingTable(Clock clock, Presence presence) {
        this.clock = clock;
        this.presence = presence;
    }

    /** Adds or refreshes {@code binding}; a request older than the stored one (same Call-ID, lower CSeq) is ignored. */
    public void put(Binding binding) {
        Instant onlineUntil;
        synchronized (this) {
            Map<String, Binding> contacts = byUser.computeIfAbsent(binding.userId(), id -> new LinkedHashMap<>());
            Binding old = contacts.get(binding.contactUri());
            if (old != null && old.callId().equals(binding.callId()) && old.cseq() > binding.cseq()) {
                return;
            }
            contacts.put(binding.contactUri(), binding);
            onlineUntil = latestExpiry(contacts);
        }
        presence.online(binding.userId(), onlineUntil);
    }

    /** Removes one contact of a user (an unregister with {@code expires=0}). */
    public void remove(long userId, String contactUri) {
        boolean nowOffline;
        Instant onlineUntil = null;
        synchronized (this) {
            Map<String, Binding> contacts = byUser.get(userId);
            if (contacts == null || contacts.remove(contactUri) == null) {
                return;
            }
            nowOffline = contacts.isEmpty();
            if (nowOffline) {
                byUser.remove(userId);
            } else {
                onlineUntil = latestExpiry(contacts);
            }
        }
        if (nowOffline) {
            presence.offline(userId);
        } else {
            presence.online(userId, onlineUntil);
        }
    }

    /** Removes every contact of a user ({@code Contact: *}). */
    public void removeAll(long userId) {
        boolean had;
        synchronized (this) {
            had = byUser.remove(userId) != null;
        }
        if (had) {
            presence.offline(userId);
        }
    }

    /** The user's live contacts, newest registration last. */
    public synchronized List<Binding> contacts(long userId) {
        Map<String, Binding> contacts = byUser.get(userId);
        if (contacts == null) {
            return List.of();
        }
        Instant now = clock.instant();
        return contacts.values().stream().filter(b -> b.expiresAt().isAfter(now)).toList();
    }

    public synchronized Optional<Long> userIdOf(String sipUsername) {
        return byUser.values().stream().flatMap(m -> m.values().stream())
                .filter(b -> b.sipUsername().equals(sipUsername)).map(Binding::userId).findFirst();
    }

    /** Drops expired contacts; reports users left with none as offline. Called periodically. */
    public void sweep() {
        Instant now = clock.instant();
        List<Long> offline = new ArrayList<>();
        synchronized (this) {
            var users = byUser.entrySet().iterator();
            while (users.hasNext()) {
                var entry = users.next();
                entry.getValue().values().removeIf(b -> !b.expiresAt().isAfter(now));
                if (entry.getValue().isEmpty()) {
                    users.remove();
                    offline.add(entry.getKey());
                }
            }
        }
        offline.forEach(presence::offline);
    }

    private static Instant latestExpiry(Map<String, Binding> contacts) {
        return contacts.values().stream().map(Binding::expiresAt).max(Instant::compareTo).orElseThrow();
    }
}
