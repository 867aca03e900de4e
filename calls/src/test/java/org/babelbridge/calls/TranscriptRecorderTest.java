package org.babelbridge.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.transaction.TransactionOperations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscriptRecorderTest {

    private static final CallsContext CTX = new CallsContext();
    private static final TranscriptRecorder.Settings FAST =
            new TranscriptRecorder.Settings(100, 1024 * 1024, 2, Duration.ofMillis(10));

    @TempDir
    Path dir;

    @AfterAll
    static void close() {
        CTX.close();
    }

    /** The real JDBC store behind a switch that makes it fail like an unreachable server. */
    static final class SwitchableStore implements TranscriptStore {
        final JdbcTranscriptStore jdbc;
        volatile boolean down;

        @SuppressWarnings("unchecked")
        SwitchableStore() {
            jdbc = new JdbcTranscriptStore(CTX.context.getBean(TransactionOperations.class), CTX.clock);
        }

        @Override
        public void write(TranscriptEntry entry) throws Exception {
            if (down) {
                throw new SQLTransientConnectionException("Connection refused", "08001");
            }
            jdbc.write(entry);
        }

        @Override
        public boolean isPermanent(Exception failure) {
            return jdbc.isPermanent(failure);
        }
    }

    @Test
    void writesOneRowPerListenerLanguage() throws Exception {
        long callId = newCall(Language.HE, Language.EN, Language.RU);
        UserAccount speaker = speakerOf(callId);
        try (TranscriptRecorder recorder = new TranscriptRecorder(new SwitchableStore(), dir.resolve("s"), FAST)) {
            recorder.record(new TranscriptEntry(UUID.randomUUID(), callId, speaker.id(), Language.HE, "שלום",
                    List.of(ListenerText.original(Language.HE), ListenerText.translated(Language.EN, "Hello"),
                            ListenerText.untranslated(Language.RU)),
                    1500, new StageLatencies(300, 80, 250)));
            assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();
        }
        List<TranscriptLine> lines = reader().transcriptOf(callId);
        assertThat(lines).hasSize(3);
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.originalText()).isEqualTo("שלום");
            assertThat(l.timestampMs()).isEqualTo(1500);
            assertThat(l.latencies()).isEqualTo(new StageLatencies(300, 80, 250));
        });
        assertThat(line(lines, Language.HE).translatedText()).isNull();
        assertThat(line(lines, Language.HE).untranslated()).isFalse();
        assertThat(line(lines, Language.EN).translatedText()).isEqualTo("Hello");
        assertThat(line(lines, Language.RU).translatedText()).isNull();
        assertThat(line(lines, Language.RU).untranslated()).isTrue();
    }

    @Test
    void spoolsWhileTheDatabaseIsDownAndReplaysWithoutDuplicates() throws Exception {
        long callId = newCall(Language.EN, Language.RU);
        UserAccount speaker = speakerOf(callId);
        SwitchableStore store = new SwitchableStore();
        Path spool = dir.resolve("spool/transcripts.spool");
        TranscriptEntry first = entry(callId, speaker.id(), "one", 100);
        TranscriptEntry second = entry(callId, speaker.id(), "two", 200);
        try (TranscriptRecorder recorder = new TranscriptRecorder(store, spool, FAST)) {
            recorder.record(first);
            assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();
            store.down = true;
            recorder.record(second);
            recorder.record(first); // a replay of something already stored
            assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(recorder.hasSpooledEntries()).isTrue();
            assertThat(Files.size(spool)).isPositive();
            assertThat(reader().transcriptOf(callId)).hasSize(2);

            store.down = false;
            assertThat(recorder.replaySpool()).isTrue();
            assertThat(recorder.droppedCount()).isZero();
        }
        List<TranscriptLine> lines = reader().transcriptOf(callId);
        assertThat(lines).extracting(TranscriptLine::originalText).containsExactly("one", "one", "two", "two");
        assertThat(Files.exists(spool)).isFalse();
    }

    @Test
    void replaysASpoolLeftByAPreviousRun() throws Exception {
        long callId = newCall(Language.RU, Language.HE);
        UserAccount speaker = speakerOf(callId);
        SwitchableStore store = new SwitchableStore();
        Path spool = dir.resolve("left/transcripts.spool");
        store.down = true;
        try (TranscriptRecorder crashed = new TranscriptRecorder(store, spool, FAST)) {
            crashed.record(entry(callId, speaker.id(), "kept", 10));
            assertThat(crashed.flush(Duration.ofSeconds(10))).isTrue();
        }
        store.down = false;
        try (TranscriptRecorder next = new TranscriptRecorder(store, spool, FAST)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (next.hasSpooledEntries() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(next.hasSpooledEntries()).isFalse();
        }
        assertThat(reader().transcriptOf(callId)).extracting(TranscriptLine::originalText).containsOnly("kept");
    }

    @Test
    void dropsAndCountsACorruptSpoolLineWithoutLosingTheOthers() throws Exception {
        long callId = newCall(Language.EN, Language.HE);
        UserAccount speaker = speakerOf(callId);
        Path spool = dir.resolve("corrupt/transcripts.spool");
        Files.createDirectories(spool.getParent());
        Files.writeString(spool, "garbage|line\n" + TranscriptSpool.encode(entry(callId, speaker.id(), "good", 5))
                + "\n");
        try (TranscriptRecorder recorder = new TranscriptRecorder(new SwitchableStore(), spool, FAST)) {
            assertThat(recorder.replaySpool()).isTrue();
            assertThat(recorder.droppedCount()).isEqualTo(1);
        }
        assertThat(reader().transcriptOf(callId)).extracting(TranscriptLine::originalText).containsOnly("good");
    }

    @Test
    void dropsAnEntryTheDatabaseRejectsForGood() throws Exception {
        try (TranscriptRecorder recorder = new TranscriptRecorder(new SwitchableStore(), dir.resolve("x"), FAST)) {
            recorder.record(entry(999_999, null, "no such call", 0));
            assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(recorder.droppedCount()).isEqualTo(1);
            assertThat(recorder.hasSpooledEntries()).isFalse();
        }
    }

    @Test
    void alwaysKeepsTheOriginalLanguageRowEvenWhenOnlyTranslationsAreGiven() throws Exception {
        long callId = newCall(Language.RU, Language.EN);
        UserAccount speaker = speakerOf(callId);
        try (TranscriptRecorder recorder = new TranscriptRecorder(new SwitchableStore(), dir.resolve("o"), FAST)) {
            recorder.record(new TranscriptEntry(UUID.randomUUID(), callId, speaker.id(), Language.RU, "привет",
                    List.of(ListenerText.translated(Language.EN, "hi"), ListenerText.translated(Language.EN, "dup")),
                    10, StageLatencies.NONE));
            assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();
        }
        List<TranscriptLine> lines = reader().transcriptOf(callId);
        assertThat(lines).extracting(TranscriptLine::listenerLanguage).containsExactlyInAnyOrder(Language.RU,
                Language.EN);
        assertThat(line(lines, Language.RU).translatedText()).isNull();
        assertThat(line(lines, Language.EN).translatedText()).isEqualTo("hi");
    }

    @Test
    void spoolLinesRoundTripEveryField() {
        TranscriptEntry e = new TranscriptEntry(UUID.randomUUID(), 7, null, Language.RU, "при|вет;:\n",
                List.of(ListenerText.translated(Language.EN, "hi|;:"), ListenerText.untranslated(Language.HE)),
                42, new StageLatencies(1, null, 3));
        assertThat(TranscriptSpool.decode(TranscriptSpool.encode(e))).isEqualTo(e);
    }

    private static TranscriptEntry entry(long callId, Long speaker, String text, long ts) {
        return new TranscriptEntry(UUID.randomUUID(), callId, speaker, Language.EN, text,
                List.of(ListenerText.original(Language.EN), ListenerText.translated(Language.RU, text + "-ru")), ts,
                StageLatencies.NONE);
    }

    private static TranscriptReader reader() {
        return CTX.context.getBean(TranscriptReader.class);
    }

    private static TranscriptLine line(List<TranscriptLine> lines, Language listener) {
        return lines.stream().filter(l -> l.listenerLanguage() == listener).findFirst().orElseThrow();
    }

    private static long newCall(Language callerLanguage, Language... others) {
        UserAccount caller = CTX.onlineUser("Caller", callerLanguage);
        UserAccount first = CTX.onlineUser("Callee", others[0]);
        CTX.connect(caller, first);
        CallSession call = CTX.calls.start(caller.id(), first.id());
        for (int i = 1; i < others.length; i++) {
            UserAccount more = CTX.onlineUser("More", others[i]);
            CTX.connect(caller, more);
            CTX.calls.addParticipant(call.id(), caller.id(), more.id());
        }
        return call.id();
    }

    private static UserAccount speakerOf(long callId) {
        long id = CTX.calls.find(callId).orElseThrow().callerUserId();
        return CTX.accounts.find(id).orElseThrow();
    }
}
