package org.babelbridge.sip.registrar;

import java.time.Instant;
import java.util.List;

/**
 * Where the registrar keeps contacts: in this process ({@link InMemoryBindingStore}, one instance) or in a
 * store every bridge instance shares, so that a phone registered through one is reachable from all. Called on
 * signalling threads, never on the media clock; may block.
 */
public interface BindingStore {

    /** Adds or refreshes {@code binding}; false (and nothing changed) for a request older than the stored one. */
    boolean put(Binding binding);

    /** Removes one contact; false when it was not there. */
    boolean remove(long userId, String contactUri);

    /** Removes every contact of a user; returns them. */
    List<Binding> removeAll(long userId);

    /** The user's contacts unexpired at {@code now}, oldest registration first. */
    List<Binding> contacts(long userId, Instant now);

    /** Removes the contacts expired at {@code now}; returns them. */
    List<Binding> removeExpired(Instant now);
}
