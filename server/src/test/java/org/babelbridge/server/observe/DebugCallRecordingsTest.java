package org.babelbridge.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.babelbridge.api.DebugRecording;
import org.babelbridge.media.clock.MediaClock;
import org.babelbridge.media.conference.CallMedia;
import org.babelbridge.media.conference.MediaEngine;
import org.babelbridge.media.conference.MediaEngineConfig;
import org.babelbridge.media.wav.WavReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A debug recording taps a live call's media and leaves one received and one sent WAV per participant. */
class DebugCallRecordingsTest {

    @Test
    void recordsEachParticipantsReceivedAndSentAudioUntilStopped(@TempDir Path dataDir) throws Exception {
        try (MediaEngine engine = new MediaEngine(MediaEngineConfig.defaults().withBindAddress("127.0.0.1")
                .withPorts(44000, 44100).withTickerThreads(1), MediaClock.system())) {
            CallMedia call = engine.createCall("31");
            call.addParticipant("5", engine.openLeg("leg-5"));
            call.addParticipant("6", engine.openLeg("leg-6"));
            DebugCallRecordings recordings = new DebugCallRecordings(engine, dataDir.toString(), true);

            assertThat(recordings.start(32)).as("no media for call 32 here").isEmpty();
            DebugRecording.Status started = recordings.start(31).orElseThrow();
            assertThat(started.recording()).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (recordings.status(31).orElseThrow().framesWritten() < 50 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            DebugRecording.Status stopped = recordings.stop(31).orElseThrow();

            assertThat(stopped.recording()).isFalse();
            assertThat(stopped.framesWritten()).isGreaterThanOrEqualTo(50);
            Path dir = Path.of(stopped.directory());
            assertThat(dir).startsWith(dataDir.resolve("debug-recordings"));
            for (String file : new String[] {"5-received.wav", "5-sent.wav", "6-received.wav", "6-sent.wav"}) {
                assertThat(Files.exists(dir.resolve(file))).as(file).isTrue();
                assertThat(WavReader.read(dir.resolve(file)).samples().length).as(file).isGreaterThanOrEqualTo(320 * 20);
            }
            long afterStop = stopped.framesWritten();
            Thread.sleep(200);
            assertThat(recordings.status(31).orElseThrow().framesWritten()).isEqualTo(afterStop);
        }
    }

    @Test
    void refusesWhenTheOperatorDidNotAllowDebugRecordings(@TempDir Path dataDir) {
        try (MediaEngine engine = new MediaEngine(MediaEngineConfig.defaults().withBindAddress("127.0.0.1")
                .withPorts(44100, 44200).withTickerThreads(1), MediaClock.system())) {
            engine.createCall("31");
            DebugCallRecordings recordings = new DebugCallRecordings(engine, dataDir.toString(), false);
            assertThat(recordings.allowed()).isFalse();
            assertThat(recordings.start(31)).isEmpty();
            assertThat(dataDir.resolve("debug-recordings")).doesNotExist();
        }
    }
}
