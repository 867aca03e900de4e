package org.babelbridge.sip.adapter;

import java.time.Instant;
import java.util.List;
import org.babelbridge.calls.BridgeInstance;
import org.babelbridge.calls.SipRegistration;
import org.babelbridge.calls.SipRegistrationService;
import org.babelbridge.sip.registrar.Binding;
import org.babelbridge.sip.registrar.BindingStore;

/**
 * Registrations in PostgreSQL, shared by every bridge instance on the database: a phone registered through
 * one instance is reachable from a call placed on another. Each row names the instance that took the REGISTER.
 * Read once per INVITE on signalling threads; the media path never touches it. Thread-safe; blocking (JDBC).
 */
public final class DatabaseBindingStore implements BindingStore {

    private final SipRegistrationService registrations;
    private final BridgeInstance instance;

    public DatabaseBindingStore(SipRegistrationService registrations, BridgeInstance instance) {
        this.registrations = registrations;
        this.instance = instance;
    }

    @Override
    public boolean put(Binding b) {
        return registrations.save(new SipRegistration(b.userId(), b.sipUsername(), b.contactUri(), b.callId(), b.cseq(),
                b.expiresAt(), instance.id()));
    }

    @Override
    public boolean remove(long userId, String contactUri) {
        return registrations.delete(userId, contactUri);
    }

    @Override
    public List<Binding> removeAll(long userId) {
        return registrations.deleteAll(userId).stream().map(DatabaseBindingStore::binding).toList();
    }

    @Override
    public List<Binding> contacts(long userId, Instant now) {
        return registrations.live(userId).stream().map(DatabaseBindingStore::binding).toList();
    }

    @Override
    public List<Binding> removeExpired(Instant now) {
        return registrations.deleteExpired().stream().map(DatabaseBindingStore::binding).toList();
    }

    private static Binding binding(SipRegistration r) {
        return new Binding(r.userId(), r.sipUsername(), r.contactUri(), r.sipCallId(), r.cseq(), r.expiresAt());
    }
}
