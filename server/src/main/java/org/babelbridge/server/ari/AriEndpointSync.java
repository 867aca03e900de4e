package org.babelbridge.server.ari;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.babelbridge.ari.AriFront;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Keeps Asterisk's pushed PJSIP endpoints in step with the database in ARI mode: a user who just
 * got a SIP secret can register within {@code babel.ari.endpoint-sync-interval} (default 10 s).
 */
@Singleton
@Requires(property = "babel.ari.enabled", value = "true")
final class AriEndpointSync {
    private static final Logger LOG = LoggerFactory.getLogger(AriEndpointSync.class);

    private final AriFront front;

    AriEndpointSync(AriFront front) {
        this.front = front;
    }

    @Scheduled(fixedDelay = "${babel.ari.endpoint-sync-interval:10s}", initialDelay = "10s")
    void sync() {
        try {
            int changes = front.syncEndpoints().get(30, TimeUnit.SECONDS);
            if (changes > 0) {
                LOG.info("pushed {} PJSIP endpoint change(s) to Asterisk", changes);
            }
        } catch (Exception e) {
            LOG.warn("PJSIP endpoint sync failed: {}", e.getMessage());
        }
    }
}
