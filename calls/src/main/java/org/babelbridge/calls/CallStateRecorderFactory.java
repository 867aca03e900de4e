package org.babelbridge.calls;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The call-state recorder with its spool in {@code <data-dir>/spool/call-state.spool}. */
@Factory
final class CallStateRecorderFactory {

    @Singleton
    @Bean(preDestroy = "close")
    CallStateRecorder callStateRecorder(CallService calls, Clock clock, @Value("${babel.data-dir:data}") String dataDir,
                                        @Value("${babel.calls.spool-max-bytes:16777216}") long spoolMaxBytes) {
        return new CallStateRecorder(calls, clock, Path.of(dataDir, "spool", "call-state.spool"), spoolMaxBytes,
                Duration.ofSeconds(2));
    }
}
