package org.babelbridge.server.ari;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.babelbridge.ari.AriFront;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * In ARI mode, applies what the REST API changed in running calls (a participant leaving, mute)
 * to Asterisk every {@code babel.ari.records-follow-interval} (default 2 s).
 */
@Singleton
@Requires(property = "babel.ari.enabled", value = "true")
final class AriRecordsFollower {
    private static final Logger LOG = LoggerFactory.getLogger(AriRecordsFollower.class);

    private final AriFront front;

    AriRecordsFollower(AriFront front) {
        this.front = front;
    }

    @Scheduled(fixedDelay = "${babel.ari.records-follow-interval:2s}", initialDelay = "5s")
    void follow() {
        try {
            front.followRecords().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("following call records failed: {}", e.getMessage());
        }
    }
}
