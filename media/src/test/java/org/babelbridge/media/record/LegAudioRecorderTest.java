package org.babelbridge.media.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.wav.WavAudio;
import org.babelbridge.media.wav.WavReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LegAudioRecorderTest {

    @TempDir
    Path dir;

    @Test
    void writesEachParticipantsReceivedAndSentAudioToItsOwnWavFiles() throws Exception {
        short[] received = new short[AudioFormat.FRAME_SAMPLES];
        short[] sent = new short[AudioFormat.FRAME_SAMPLES];
        try (LegAudioRecorder recorder = new LegAudioRecorder(dir.resolve("call-7"), 500)) {
            for (int tick = 0; tick < 50; tick++) {
                java.util.Arrays.fill(received, (short) (tick + 1));
                java.util.Arrays.fill(sent, (short) -(tick + 1));
                recorder.onFrame("11", received, sent);
                recorder.onFrame("12", sent, received);
                // The tap's arrays are reused on the next tick: the recorder must have copied them.
                java.util.Arrays.fill(received, (short) 0);
                java.util.Arrays.fill(sent, (short) 0);
            }
            recorder.close();
            assertThat(recorder.framesWritten() + recorder.framesDropped()).isEqualTo(100);
            assertThat(recorder.failure()).isNull();
        }
        WavAudio heardFrom11 = WavReader.read(dir.resolve("call-7/11-received.wav"));
        WavAudio sentTo11 = WavReader.read(dir.resolve("call-7/11-sent.wav"));
        assertThat(heardFrom11.sampleRateHz()).isEqualTo(AudioFormat.SAMPLE_RATE_HZ);
        assertThat(heardFrom11.samples()).hasSize(sentTo11.samples().length);
        assertThat(heardFrom11.samples()[0]).isEqualTo((short) 1);
        assertThat(sentTo11.samples()[0]).isEqualTo((short) -1);
        assertThat(heardFrom11.samples()[heardFrom11.samples().length - 1]).isPositive();
        assertThat(Files.exists(dir.resolve("call-7/12-received.wav"))).isTrue();
    }

    @Test
    void dropsAndCountsFramesWhenNoBufferIsFreeInsteadOfBlocking() throws Exception {
        short[] frame = new short[AudioFormat.FRAME_SAMPLES];
        try (LegAudioRecorder recorder = new LegAudioRecorder(dir, 1)) {
            long started = System.nanoTime();
            for (int i = 0; i < 10_000; i++) {
                recorder.onFrame("a", frame, frame);
            }
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            recorder.close();
            assertThat(recorder.framesDropped()).isPositive();
            assertThat(recorder.framesWritten() + recorder.framesDropped()).isEqualTo(10_000);
            assertThat(elapsedMs).as("the media thread never waits for the disk").isLessThan(5_000);
        }
    }

    @Test
    void takesNoFramesAfterItStopped() throws Exception {
        short[] frame = new short[AudioFormat.FRAME_SAMPLES];
        LegAudioRecorder recorder = new LegAudioRecorder(dir, 10);
        recorder.detached();
        recorder.onFrame("a", frame, frame);
        assertThat(recorder.stopped()).isTrue();
        assertThat(recorder.framesWritten()).isZero();
        assertThat(recorder.framesDropped()).isZero();
    }
}
