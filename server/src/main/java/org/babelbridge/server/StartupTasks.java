package org.babelbridge.server;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.PresenceService;
import org.babelbridge.calls.RuleViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up: ends calls a previous run left active, forgets its presence connections, and creates the first
 * admin from {@code BABEL_ADMIN_EMAIL} / {@code BABEL_ADMIN_PASSWORD}. Then expires lapsed SIP registrations
 * every 30 s.
 */
@Singleton
class StartupTasks implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StartupTasks.class);

    private final AccountService accounts;
    private final CallService calls;
    private final PresenceService presence;
    private final String adminEmail;
    private final String adminPassword;

    StartupTasks(AccountService accounts, CallService calls, PresenceService presence,
                 @Value("${babel.admin.email:}") @Nullable String adminEmail,
                 @Value("${babel.admin.password:}") @Nullable String adminPassword) {
        this.accounts = accounts;
        this.calls = calls;
        this.presence = presence;
        this.adminEmail = adminEmail;
        this.adminPassword = adminPassword;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        calls.reconcileCrashedCalls();
        presence.resetAfterRestart();
        if (adminEmail != null && !adminEmail.isBlank()) {
            try {
                accounts.bootstrapAdmin(adminEmail, adminPassword == null ? "" : adminPassword);
            } catch (RuleViolationException e) {
                throw new IllegalStateException("BABEL_ADMIN_EMAIL / BABEL_ADMIN_PASSWORD: " + e.getMessage(), e);
            }
        }
    }

    @Scheduled(fixedDelay = "30s", initialDelay = "30s")
    void expirePresence() {
        try {
            presence.expireStale();
        } catch (RuntimeException e) {
            LOG.warn("presence expiry failed: {}", e.getMessage());
        }
    }
}
