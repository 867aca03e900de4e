package org.babelbridge.sip.registrar;

import java.time.Clock;
import java.util.List;
import org.babelbridge.sip.Presence;

/**
 * The registrar's location service: live contacts per user, kept in a {@link BindingStore} (this process's
 * memory, or the database every bridge instance shares). Reports every binding, refresh, removal and expiry
 * to presence as a source of its own. Thread-safe; presence and store calls happen on the caller's thread.
 */
public final class BindingTable {

    private final Clock clock;
    private final Presence presence;
    private final BindingStore store;

    /** Contacts kept in memory: one bridge instance. */
    public BindingTable(Clock clock, Presence presence) {
        this(clock, presence, new InMemoryBindingStore());
    }

    public BindingTable(Clock clock, Presence presence, BindingStore store) {
        this.clock = clock;
        this.presence = presence;
        this.store = store;
    }

    /** Adds or refreshes {@code binding}; a request older than the stored one (same Call-ID, lower CSeq) is ignored. */
    public void put(Binding binding) {
        if (store.put(binding)) {
            presence.online(binding.userId(), binding.contactUri(), binding.expiresAt());
        }
    }

    /** Removes one contact of a user (an unregister with {@code expires=0}). */
    public void remove(long userId, String contactUri) {
        if (store.remove(userId, contactUri)) {
            presence.offline(userId, contactUri);
        }
    }

    /** Removes every contact of a user ({@code Contact: *}). */
    public void removeAll(long userId) {
        store.removeAll(userId).forEach(b -> presence.offline(userId, b.contactUri()));
    }

    /** The user's live contacts, wherever they registered; newest registration last. */
    public List<Binding> contacts(long userId) {
        return store.contacts(userId, clock.instant());
    }

    /** Drops expired contacts and reports each as offline. Called periodically. */
    public void sweep() {
        store.removeExpired(clock.instant()).forEach(b -> presence.offline(b.userId(), b.contactUri()));
    }
}
