package org.babelbridge.calls;

import io.micronaut.context.ApplicationContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.babelbridge.db.testing.TestDatabase;

/** A Micronaut context of the calls services over a fresh test database and a hand-driven clock. */
final class CallsContext implements AutoCloseable {

    private static final AtomicInteger SEQ = new AtomicInteger();

    final TestDatabase db = TestDatabase.create();
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
    final ApplicationContext context;
    final AccountService accounts;
    final ContactService contacts;
    final PresenceService presence;
    final CallService calls;

    CallsContext(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(db.micronautProperties());
        // cheap hashing keeps the tests fast; the production cost is measured in the benchmarks
        props.put("babel.accounts.argon2.memory-kib", "1024");
        props.put("babel.accounts.argon2.iterations", "1");
        props.putAll(extra);
        context = ApplicationContext.builder().properties(props).singletons(clock).start();
        accounts = context.getBean(AccountService.class);
        contacts = context.getBean(ContactService.class);
        presence = context.getBean(PresenceService.class);
        calls = context.getBean(CallService.class);
    }

    CallsContext() {
        this(Map.of());
    }

    /** Registers a user with a unique e-mail. */
    UserAccount user(String name, Language language) {
        return accounts.register(new Registration(name.replaceAll("\\s", "").toLowerCase() + "-" + SEQ.incrementAndGet() + "@example.com",
                "correct horse battery", name, language.code(), null));
    }

    /** Registers a user who is online. */
    UserAccount onlineUser(String name, Language language) {
        UserAccount u = user(name, language);
        presence.markOnline(u.id(), "ws:" + u.id(), null);
        return u;
    }

    /** Makes each of {@code users} a contact of every other. */
    void connect(UserAccount... users) {
        for (UserAccount a : users) {
            for (UserAccount b : users) {
                if (a.id() != b.id()) {
                    contacts.add(a.id(), b.email(), null, null);
                }
            }
        }
    }

    @Override
    public void close() {
        context.close();
        db.close();
    }
}
