package org.babelbridge.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real PostgreSQL goes away mid-call: every backend of the test database is terminated and the
 * database stops accepting connections, then comes back. Transcripts produced meanwhile are spooled
 * and written once it returns, none lost and none twice; new calls fail with an error recognised as
 * an outage (which the fronts answer with 503).
 */
class DatabaseOutageTest {

    private static final CallsContext CTX = new CallsContext(Map.of(
            "datasources.default.connection-timeout", "500",
            "datasources.default.validation-timeout", "250"));
    private static final TranscriptRecorder.Settings FAST =
            new TranscriptRecorder.Settings(100, 1024 * 1024, 2, Duration.ofMillis(10));

    @TempDir
    Path dir;

    @AfterEach
    void databaseBack() throws SQLException {
        allowConnections(true);
    }

    @AfterAll
    static void close() {
        CTX.close();
    }

    @Test
    void transcriptsOfAnOutageAreWrittenOnceWhenTheDatabaseReturnsAndNewCallsAreRefusedMeanwhile() throws Exception {
        UserAccount caller = CTX.onlineUser("Caller", Language.EN);
        UserAccount callee = CTX.onlineUser("Callee", Language.RU);
        UserAccount later = CTX.onlineUser("Later", Language.HE);
        UserAccount other = CTX.onlineUser("Other", Language.EN);
        CTX.connect(caller, callee, later, other);
        long callId = CTX.calls.start(caller.id(), callee.id()).id();
        JdbcTranscriptStore store = new JdbcTranscriptStore(
                CTX.context.getBean(io.micronaut.transaction.TransactionOperations.class), CTX.clock);
        List<TranscriptEntry> entries = new ArrayList<>();
        try (TranscriptRecorder recorder = new TranscriptRecorder(store, dir.resolve("transcripts.spool"), FAST)) {
            record(recorder, entries, callId, caller.id(), "before", 1_000);
            assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(rowsOf(callId)).isEqualTo(2);

            allowConnections(false); // PostgreSQL goes away mid-call
            for (int i = 0; i < 5; i++) {
                record(recorder, entries, callId, caller.id(), "during " + i, 2_000 + i * 500L);
            }
            assertThat(recorder.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(recorder.hasSpooledEntries()).isTrue();
            assertThat(recorder.spooledCount()).isEqualTo(5);

            Throwable refused = catchThrowable(() -> CTX.calls.start(later.id(), caller.id()));
            assertThat(refused).isNotNull();
            assertThat(DatabaseOutage.isOutage(refused)).as("an outage: %s", refused).isTrue();

            allowConnections(true); // it returns
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (recorder.hasSpooledEntries() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(recorder.hasSpooledEntries()).isFalse();
            record(recorder, entries, callId, caller.id(), "after", 9_000);
            // A second replay of everything (as after a crash between write and spool rewrite) adds nothing.
            entries.forEach(recorder::record);
            assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(recorder.droppedCount()).isZero();
        }
        assertThat(rowsOf(callId)).isEqualTo(2 * 7);
        assertThat(CTX.context.getBean(TranscriptReader.class).transcriptOf(callId))
                .extracting(TranscriptLine::originalText).containsOnly("before", "during 0", "during 1", "during 2",
                        "during 3", "during 4", "after");
        assertThat(CTX.calls.start(later.id(), other.id()).active()).isTrue(); // calls are taken again
    }

    @Test
    void callStateChangesOfAnOutageAreAppliedOnceInOrderWithTheirOwnTimesWhenTheDatabaseReturns() throws Exception {
        UserAccount a = CTX.onlineUser("A", Language.EN);
        UserAccount b = CTX.onlineUser("B", Language.RU);
        UserAccount c = CTX.onlineUser("C", Language.HE);
        UserAccount d = CTX.onlineUser("D", Language.EN);
        UserAccount e = CTX.onlineUser("E", Language.RU);
        CTX.connect(a, b, c, d, e);
        long threeParty = CTX.calls.start(a.id(), b.id()).id();
        CTX.calls.addParticipant(threeParty, a.id(), c.id());
        long twoParty = CTX.calls.start(d.id(), e.id()).id();
        Path spool = dir.resolve("call-state.spool");
        try (CallStateRecorder recorder = new CallStateRecorder(CTX.calls, CTX.clock, spool, 1024 * 1024,
                Duration.ofMillis(100))) {
            allowConnections(false); // PostgreSQL goes away while both calls go on
            CTX.clock.advance(Duration.ofSeconds(10));
            java.time.Instant firstLeave = CTX.clock.instant();
            assertThat(recorder.leave(threeParty, c.id())).isEqualTo(CallStateRecorder.Outcome.SPOOLED);
            assertThat(recorder.setMuted(threeParty, a.id(), true)).isEqualTo(CallStateRecorder.Outcome.SPOOLED);
            CTX.clock.advance(Duration.ofSeconds(5));
            java.time.Instant twoPartyEnd = CTX.clock.instant();
            // the front hangs up the one left alone and records both leaves
            assertThat(recorder.leave(twoParty, d.id())).isEqualTo(CallStateRecorder.Outcome.SPOOLED);
            assertThat(recorder.leave(twoParty, e.id())).isEqualTo(CallStateRecorder.Outcome.SPOOLED);
            assertThat(recorder.spooledCount()).isEqualTo(4);
            List<String> waiting = java.nio.file.Files.readAllLines(spool);

            CTX.clock.advance(Duration.ofSeconds(30));
            allowConnections(true); // it returns: the replay thread applies the spool
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (recorder.hasSpooledChanges() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(recorder.hasSpooledChanges()).isFalse();

            // Applied again, as after a crash between applying and rewriting the spool: nothing changes.
            java.nio.file.Files.write(spool, waiting);
            assertThat(recorder.replaySpool()).isTrue();
            assertThat(recorder.droppedCount()).isZero();

            CallSession three = CTX.calls.find(threeParty).orElseThrow();
            assertThat(three.active()).isTrue();
            assertThat(three.activeUserIds()).containsExactlyInAnyOrder(a.id(), b.id());
            assertThat(three.participants()).filteredOn(p -> p.userId() == c.id()).singleElement()
                    .satisfies(p -> assertThat(p.leftAt()).isEqualTo(firstLeave));
            assertThat(three.participants()).filteredOn(p -> p.userId() == a.id()).singleElement()
                    .satisfies(p -> assertThat(p.muted()).isTrue());
            CallSession two = CTX.calls.find(twoParty).orElseThrow();
            assertThat(two.active()).isFalse();
            assertThat(two.status()).isEqualTo(CallStatus.ENDED);
            assertThat(two.endedAt()).isEqualTo(twoPartyEnd);
            assertThat(two.durationSeconds()).isEqualTo(15);
            assertThat(two.participants()).allSatisfy(p -> assertThat(p.leftAt()).isEqualTo(twoPartyEnd));
            assertThat(participantRows(twoParty)).isEqualTo(2);

            // once the spool is empty, changes are applied at once again
            assertThat(recorder.leave(threeParty, b.id())).isEqualTo(CallStateRecorder.Outcome.CALL_ENDED);
        }
    }

    @Test
    void ordinaryFailuresAreNotTakenForAnOutage() {
        assertThat(DatabaseOutage.isOutage(new IllegalStateException("bad state"))).isFalse();
        assertThat(DatabaseOutage.isOutage(new RuntimeException(new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(DatabaseOutage.isOutage(new RuntimeException(new SQLException("terminated", "57P01")))).isTrue();
    }

    private static void record(TranscriptRecorder recorder, List<TranscriptEntry> entries, long callId, long speaker,
                               String text, long ts) {
        TranscriptEntry entry = new TranscriptEntry(UUID.randomUUID(), callId, speaker, Language.EN, text,
                List.of(ListenerText.original(Language.EN), ListenerText.translated(Language.RU, text + " (ru)")), ts,
                StageLatencies.NONE);
        entries.add(entry);
        recorder.record(entry);
    }

    /** Cuts (or restores) the test database: no new connections, and every open one terminated. */
    private static void allowConnections(boolean allowed) throws SQLException {
        String name = CTX.db.databaseName();
        String adminUrl = CTX.db.jdbcUrl().substring(0, CTX.db.jdbcUrl().lastIndexOf('/') + 1) + "postgres";
        try (Connection admin = DriverManager.getConnection(adminUrl, CTX.db.username(), CTX.db.password());
             Statement s = admin.createStatement()) {
            s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS " + allowed);
            if (!allowed) {
                try (PreparedStatement kill = admin.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    kill.setString(1, name);
                    kill.executeQuery().close();
                }
            }
        }
    }

    private static int participantRows(long callId) throws SQLException {
        try (Connection c = CTX.db.connect();
             PreparedStatement q = c.prepareStatement("SELECT count(*) FROM call_participants WHERE call_id = ?")) {
            q.setLong(1, callId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int rowsOf(long callId) throws SQLException {
        try (Connection c = CTX.db.connect();
             PreparedStatement q = c.prepareStatement("SELECT count(*) FROM call_transcripts WHERE call_id = ?")) {
            q.setLong(1, callId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
