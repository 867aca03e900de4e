package org.babelbridge.api;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.babelbridge.calls.RetentionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the retention of transcripts and voice samples every {@code babel.retention.check-interval}
 * (default 1 h): rows through {@link RetentionService}, then the samples' encrypted files. A failing run is logged
 * and retried on the next tick.
 */
@Singleton
class RetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final RetentionService retention;
    private final RecordingStore store;

    RetentionJob(RetentionService retention, RecordingStore store) {
        this.retention = retention;
        this.store = store;
    }

    @Scheduled(fixedDelay = "${babel.retention.check-interval:1h}", initialDelay = "${babel.retention.initial-delay:1m}")
    void run() {
        try {
            RetentionService.Purged purged = retention.purgeExpired();
            purged.voiceRecordingFiles().forEach(store::delete);
            if (purged.transcriptRows() > 0 || !purged.voiceRecordingFiles().isEmpty()) {
                LOG.info("retention: deleted {} transcript rows and {} voice samples", purged.transcriptRows(),
                        purged.voiceRecordingFiles().size());
            }
        } catch (RuntimeException e) {
            LOG.warn("retention run failed; retrying at the next interval", e);
        }
    }
}
