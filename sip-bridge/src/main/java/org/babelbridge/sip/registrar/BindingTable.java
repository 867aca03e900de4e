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
 * register again within their interval). Reports every binding, refresh, removal and expiry to
 * presence as a source of its own. Thread-safe; presence calls happen on the caller's thread.
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
        synchronized (this) {
            Map<String, Binding> contacts = byUser.computeIfAbsent(binding.userId(), id -> new LinkedHashMap<>());
            Binding old = contacts.get(binding.contactUri());
            if (old != null && old.callId().equals(binding.callId()) && old.cseq() > binding.cseq()) {
                return;
            }
            contacts.put(binding.contactUri(), binding);
        }
        presence.online(binding.userId(), binding.contactUri(), binding.expiresAt());
    }

    /** Removes one contact of a user (an unregister with {@code expires=0}). */
    public void remove(long userId, String contactUri) {
        synchronized (this) {
            Map<String, Binding> contacts = byUser.get(userId);
            if (contacts == null || contacts.remove(contactUri) == null) {
                return;
            }
            if (contacts.isEmpty()) {
                byUser.remove(userId);
            }
        }
        presence.offline(userId, contactUri);
    }

    /** Removes every contact of a user ({@code Contact: *}). */
    public void removeAll(long userId) {
        Map<String, Binding> removed;
        synchronized (this) {
            removed = byUser.remove(userId);
        }
        if (removed != null) {
            removed.keySet().forEach(uri -> presence.offline(userId, uri));
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

    /** Drops expired contacts and reports each as offline. Called periodically. */
    public void sweep() {
        Instant now = clock.instant();
        List<Binding> expired = new ArrayList<>();
        synchronized (this) {
            var users = byUser.entrySet().iterator();
            while (users.hasNext()) {
                var entry = users.next();
                var contacts = entry.getValue().values().iterator();
                while (contacts.hasNext()) {
                    Binding b = contacts.next();
                    if (!b.expiresAt().isAfter(now)) {
                        contacts.remove();
                        expired.add(b);
                    }
                }
                if (entry.getValue().isEmpty()) {
                    users.remove();
                }
            }
        }
        expired.forEach(b -> presence.offline(b.userId(), b.contactUri()));
    }
}
