package org.babelbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.babelbridge.calls.Language;
import org.babelbridge.calls.TranscriptLine;
import org.babelbridge.db.testing.TestDatabase;
import org.babelbridge.media.wav.WavAudio;
import org.babelbridge.media.wav.WavReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo command places its three-party call on a real database and writes what each listener heard. */
class DemoTest {

    @Test
    void writesThreeRecordingsAndPrintsTheBilingualTranscript(@TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            System.setProperty("babel.data-dir", dir.resolve("data").toString());
            System.setProperty("database.url", db.jdbcUrl());
            System.setProperty("babel.accounts.argon2.memory-kib", "1024");
            System.setProperty("babel.accounts.argon2.iterations", "1");
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            List<TranscriptLine> transcript;
            try {
                transcript = Demo.run(dir.resolve("demo"), new PrintStream(console, true, StandardCharsets.UTF_8));
            } finally {
                for (String p : new String[] {"babel.data-dir", "database.url", "babel.sip.enabled",
                        "micronaut.server.port", "babel.accounts.argon2.memory-kib", "babel.accounts.argon2.iterations"}) {
                    System.clearProperty(p);
                }
            }
            String printed = console.toString(StandardCharsets.UTF_8);
            for (String name : new String[] {"alice", "carol", "boris"}) {
                WavAudio heard = WavReader.read(dir.resolve("demo").resolve(name + "-heard.wav"));
                assertThat(heard.sampleRateHz()).isEqualTo(8000);
                assertThat(peak(heard.samples())).as(name + " heard something").isGreaterThan(1000);
            }
            assertThat(transcript).as(printed)
                    .anySatisfy(line -> {
                        assertThat(line.listenerLanguage()).isEqualTo(Language.RU);
                        assertThat(line.translatedText()).matches("(?s).*\\p{IsCyrillic}.*");
                        // Recorded; 0 when recognition, started at the speaker's pause, finished within the
                        // end-of-speech silence.
                        assertThat(line.latencies().sttMs()).isNotNegative();
                    });
            assertThat(printed).contains("Alice (en)").contains("-> ru:").contains("STT");
        }
    }

    private static int peak(short[] samples) {
        int peak = 0;
        for (short s : samples) {
            peak = Math.max(peak, Math.abs(s));
        }
        return peak;
    }
}
