package org.babelbridge.calls;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;

/** Creates the application's {@link TranscriptRecorder}, spooling under {@code babel.data-dir}. */
@Factory
final class TranscriptRecorderFactory {

    @Singleton
    @Bean(preDestroy = "close")
    TranscriptRecorder transcriptRecorder(TransactionOperations<Connection> tx, Clock clock,
                                          @Value("${babel.data-dir:data}") String dataDir,
                                          @Value("${babel.transcripts.spool-max-bytes:67108864}") long spoolMaxBytes) {
        return new TranscriptRecorder(new JdbcTranscriptStore(tx, clock),
                Path.of(dataDir, "spool", "transcripts.spool"),
                new TranscriptRecorder.Settings(10_000, spoolMaxBytes, 3, Duration.ofMillis(200)));
    }
}
