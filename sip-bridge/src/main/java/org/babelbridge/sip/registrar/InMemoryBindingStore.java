package org.babelbridge.sip.registrar;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Contacts kept in this process only (a single instance: a restart makes phones register again). Thread-safe. */
public final class InMemoryBindingStore implements BindingStore {

    private final Map<Long, Map<String, Binding>> byUser = new LinkedHashMap<>();

    @Override
    public synchronized boolean put(Binding binding) {
        Map<String, Binding> contacts = byUser.computeIfAbsent(binding.userId(), id -> new LinkedHashMap<>());
        Binding old = contacts.get(binding.contactUri());
        if (old != null && old.callId().equals(binding.callId()) && old.cseq() > binding.cseq()) {
            return false;
        }
        contacts.put(binding.contactUri(), binding);
        return true;
    }

    @Override
    public synchronized boolean remove(long userId, String contactUri) {
        Map<String, Binding> contacts = byUser.get(userId);
        if (contacts == null || contacts.remove(contactUri) == null) {
            return false;
        }
        if (contacts.isEmpty()) {
            byUser.remove(userId);
        }
        return true;
    }

    @Override
    public synchronized List<Binding> removeAll(long userId) {
        Map<String, Binding> removed = byUser.remove(userId);
        return removed == null ? List.of() : List.copyOf(removed.values());
    }

    @Override
    public synchronized List<Binding> contacts(long userId, Instant now) {
        Map<String, Binding> contacts = byUser.get(userId);
        if (contacts == null) {
            return List.of();
        }
        return contacts.values().stream().filter(b -> b.expiresAt().isAfter(now)).toList();
    }

    @Override
    public synchronized List<Binding> removeExpired(Instant now) {
        List<Binding> expired = new ArrayList<>();
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
        return expired;
    }
}
