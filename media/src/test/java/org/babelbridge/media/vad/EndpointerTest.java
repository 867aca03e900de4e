package org.babelbridge.media.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.codec.ExternalTool;
import org.babelbridge.media.wav.WavAudio;
import org.babelbridge.media.wav.WavEncoding;
import org.babelbridge.media.wav.WavReader;
import org.babelbridge.media.wav.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointerTest {
    private static final int FRAME = AudioFormat.FRAME_SAMPLES;
    private static final Path SOUNDS = Path.of("/usr/share/asterisk/sounds/en");

    private final List<Utterance> utterances = new ArrayList<>();
    private final Random random = new Random(1);
    private long clockMs;
    private long phase;

    @TempDir
    Path dir;

    @Test
    void emitsOneUtteranceOnceTheConfiguredSilenceHasPassed() {
        Endpointer endpointer = new Endpointer("alice", EndpointerConfig.defaults(), utterances::add);
        feed(endpointer, 1000, -70, 0);
        feed(endpointer, 1200, -70, -20);
        feed(endpointer, 460, -70, 0);
        assertThat(utterances).isEmpty();
        assertThat(endpointer.inSpeech()).isTrue();
        feed(endpointer, 80, -70, 0);
        assertThat(utterances).hasSize(1);
        assertThat(endpointer.inSpeech()).isFalse();
        Utterance utterance = utterances.get(0);
        assertThat(utterance.speakerId()).isEqualTo("alice");
        // Pre-roll and hangover of 40 ms; a frame of slack for the onset and the filter's ringing.
        assertThat(utterance.startMs()).isCloseTo(1000 - 40, within(20L));
        assertThat(utterance.endMs()).isCloseTo(2200 + 40, within(20L));
        assertThat(utterance.pcm()).hasSize(AudioFormat.samplesForMillis(utterance.durationMs()));
    }

    @Test
    void honoursAShorterEndOfSpeechSilence() {
        Endpointer endpointer = new Endpointer("a", EndpointerConfig.defaults().withEndOfSpeechSilenceMs(200),
                utterances::add);
        feed(endpointer, 500, -70, 0);
        feed(endpointer, 600, -70, -20);
        feed(endpointer, 240, -70, 0);
        assertThat(utterances).hasSize(1);
    }

    @Test
    void keepsTheSpeakersOriginalSamples() {
        Endpointer endpointer = new Endpointer("a", EndpointerConfig.defaults(), utterances::add);
        List<short[]> frames = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            short[] frame = signalFrame(-70, i >= 50 && i < 100 ? -20 : 0);
            frames.add(frame);
            endpointer.onFrame(frame, 0, i * 20L);
        }
        Utterance utterance = utterances.get(0);
        int firstFrame = (int) (utterance.startMs() / 20);
        for (int f = 0; f < utterance.pcm().length / FRAME; f++) {
            short[] expected = frames.get(firstFrame + f);
            for (int i = 0; i < FRAME; i++) {
                assertThat(utterance.pcm()[f * FRAME + i]).isEqualTo(expected[i]);
            }
        }
    }

    @Test
    void bridgesPausesShorterThanTheEndOfSpeechSilence() {
        Endpointer endpointer = new Endpointer("a", EndpointerConfig.defaults(), utterances::add);
        feed(endpointer, 500, -70, 0);
        feed(endpointer, 400, -70, -20);
        feed(endpointer, 400, -70, 0);
        feed(endpointer, 400, -70, -20);
        feed(endpointer, 800, -70, 0);
        assertThat(utterances).hasSize(1);
        assertThat(utterances.get(0).durationMs()).isCloseTo(40 + 1200 + 40, within(40L));
    }

    @Test
    void dropsClicksAndBurstsShorterThanTheMinimumSpeech() {
        Endpointer endpointer = new Endpointer("a", EndpointerConfig.defaults(), utterances::add);
        feed(endpointer, 500, -70, 0);
        feed(endpointer, 40, -70, -10);
        feed(endpointer, 600, -70, 0);
        feed(endpointer, 140, -70, -10);
        feed(endpointer, 600, -70, 0);
        assertThat(utterances).isEmpty();
        assertThat(endpointer.utterancesDropped()).isPositive();
    }

    @Test
    void cutsVeryLongSpeechIntoPiecesOfTheMaximumLength() {
        Endpointer endpointer = new Endpointer("a", EndpointerConfig.defaults().withMaxUtteranceMs(2000),
                utterances::add);
        feed(endpointer, 500, -70, 0);
        feed(endpointer, 5000, -70, -20);
        feed(endpointer, 600, -70, 0);
        assertThat(utterances).hasSizeGreaterThanOrEqualTo(3);
        for (int i = 1; i < utterances.size(); i++) {
            assertThat(utterances.get(i).startMs()).isEqualTo(utterances.get(i - 1).endMs());
        }
        assertThat(utterances).allSatisfy(u -> assertThat(u.durationMs()).isLessThanOrEqualTo(2000));
    }

    @Test
    void ignoresSteadyLineNoiseAndStillHearsSpeechAboveIt() {
        Endpointer endpointer = new Endpointer("a", EndpointerConfig.defaults(), utterances::add);
        feed(endpointer, 5000, -35, 0);
        assertThat(utterances).isEmpty();
        assertThat(endpointer.noiseFloorDbfs()).isCloseTo(-35, within(3.0));
        feed(endpointer, 1000, -35, -15);
        feed(endpointer, 600, -35, 0);
        assertThat(utterances).hasSize(1);
        assertThat(utterances.get(0).startMs()).isCloseTo(5000, within(100L));
    }

    @Test
    void recoversWhenTheLineSuddenlyGetsNoisier() {
        Endpointer endpointer = new Endpointer("a", EndpointerConfig.defaults(), utterances::add);
        feed(endpointer, 3000, -70, 0);
        feed(endpointer, 10_000, -30, 0);
        int afterNoiseRise = utterances.size();
        assertThat(endpointer.inSpeech()).isFalse();
        feed(endpointer, 10_000, -30, 0);
        assertThat(utterances).hasSize(afterNoiseRise);
        feed(endpointer, 1000, -30, -10);
        feed(endpointer, 600, -30, 0);
        assertThat(utterances).hasSize(afterNoiseRise + 1);
    }

    @Test
    void flushEmitsTheUtteranceInProgress() {
        Endpointer endpointer = new Endpointer("a", EndpointerConfig.defaults(), utterances::add);
        feed(endpointer, 300, -70, 0);
        feed(endpointer, 800, -70, -20);
        endpointer.flush();
        assertThat(utterances).hasSize(1);
        assertThat(utterances.get(0).endMs()).isEqualTo(1100);
    }

    /**
     * Real recorded prompts with gaps of line noise between them, at 16 kHz: every prompt becomes one
     * utterance whose start and end lie within 100 ms of where sox's {@code silence} effect finds the
     * prompt's speech to begin and end.
     */
    @Test
    void findsRealSpeechBoundariesWithinAHundredMillisecondsOfSox() throws IOException {
        List<String> prompts = List.of("hello-world", "agent-pass", "tt-weasels", "auth-thankyou", "conf-onlyperson");
        int rate = 8000;
        List<short[]> pieces = new ArrayList<>();
        List<long[]> expected = new ArrayList<>();
        long offsetSamples = rate;
        pieces.add(new short[rate]);
        for (String prompt : prompts) {
            Path wav = SOUNDS.resolve(prompt + ".wav");
            short[] samples = WavReader.read(wav).samples();
            long lead = soxTrimmedSamples(wav, false);
            long trail = soxTrimmedSamples(wav, true);
            expected.add(new long[] {
                (offsetSamples + lead) * 1000 / rate, (offsetSamples + samples.length - trail) * 1000 / rate});
            pieces.add(samples);
            pieces.add(new short[rate * 6 / 5]);
            offsetSamples += samples.length + rate * 6 / 5;
        }
        Path joined = dir.resolve("joined.wav");
        WavWriter.write(joined, concat(pieces), rate, WavEncoding.PCM16);
        Path wideband = dir.resolve("joined-16k.wav");
        ExternalTool.run(List.of("sox", joined.toString(), "-r", "16000", wideband.toString()));
        short[] speech = WavReader.read(wideband).samples();

        for (boolean noisy : new boolean[] {false, true}) {
            utterances.clear();
            short[] input = noisy ? withLineNoise(speech) : speech;
            Endpointer endpointer = new Endpointer("caller", EndpointerConfig.defaults(), utterances::add);
            for (int f = 0; f + FRAME <= input.length; f += FRAME) {
                endpointer.onFrame(input, f, f / 16);
            }
            endpointer.flush();
            assertThat(utterances).as(noisy ? "with line noise" : "clean").hasSize(prompts.size());
            for (int i = 0; i < prompts.size(); i++) {
                Utterance utterance = utterances.get(i);
                assertThat(utterance.startMs()).as("%s start (noise: %s)", prompts.get(i), noisy)
                        .isCloseTo(expected.get(i)[0], within(100L));
                assertThat(utterance.endMs()).as("%s end (noise: %s)", prompts.get(i), noisy)
                        .isCloseTo(expected.get(i)[1], within(100L));
            }
        }
    }

    @Test
    void offersTheUtteranceAtAPauseAndEmitsThatSameObjectWhenThePauseEndsIt() {
        PauseRecorder recorder = new PauseRecorder();
        Endpointer endpointer = new Endpointer("a", EndpointerConfig.defaults(), recorder);
        feed(endpointer, 500, -70, 0);
        feed(endpointer, 800, -70, -20);
        feed(endpointer, 180, -70, 0);
        assertThat(recorder.paused).isEmpty();
        feed(endpointer, 40, -70, 0);
        assertThat(recorder.paused).hasSize(1);
        assertThat(recorder.finished).isEmpty();
        feed(endpointer, 400, -70, 0);
        assertThat(recorder.finished).hasSize(1);
        assertThat(recorder.finished.get(0)).isSameAs(recorder.paused.get(0));
    }

    @Test
    void aPauseTheSpeakerTalksOnAfterLeavesTheOfferStale() {
        PauseRecorder recorder = new PauseRecorder();
        Endpointer endpointer = new Endpointer("a", EndpointerConfig.defaults(), recorder);
        feed(endpointer, 500, -70, 0);
        feed(endpointer, 600, -70, -20);
        feed(endpointer, 300, -70, 0);
        feed(endpointer, 600, -70, -20);
        feed(endpointer, 600, -70, 0);
        assertThat(recorder.paused).hasSize(2);
        assertThat(recorder.finished).hasSize(1);
        Utterance finished = recorder.finished.get(0);
        assertThat(finished).isNotSameAs(recorder.paused.get(0)).isSameAs(recorder.paused.get(1));
        assertThat(recorder.paused.get(0).startMs()).isEqualTo(finished.startMs());
        assertThat(recorder.paused.get(0).durationMs()).isLessThan(finished.durationMs() - 800);
    }

    @Test
    void offersNothingWithoutEnoughSpeechOrWhenTurnedOff() {
        PauseRecorder recorder = new PauseRecorder();
        Endpointer click = new Endpointer("a", EndpointerConfig.defaults(), recorder);
        feed(click, 500, -70, 0);
        feed(click, 100, -70, -10);
        feed(click, 600, -70, 0);
        Endpointer off = new Endpointer("b", EndpointerConfig.defaults().withPauseNoticeMs(0), recorder);
        feed(off, 500, -70, 0);
        feed(off, 800, -70, -20);
        feed(off, 600, -70, 0);
        assertThat(recorder.paused).isEmpty();
        assertThat(recorder.finished).extracting(Utterance::speakerId).containsExactly("b");
    }

    /**
     * Real speech: two prompts 300 ms apart are one utterance (the pause offer goes stale), two prompts 1.2 s
     * apart are two, each emitted as the very object offered at its final pause, holding the same samples.
     */
    @Test
    void realSpeechPausesAreOfferedAndKeptOnlyWhenTheyEndTheUtterance() throws IOException {
        short[] first = wideband(SOUNDS.resolve("auth-thankyou.wav"));
        short[] second = wideband(SOUNDS.resolve("hello-world.wav"));
        short[] speech = concat(List.of(new short[16000], first, new short[4800], second, new short[19200], first,
                new short[16000]));
        PauseRecorder recorder = new PauseRecorder();
        Endpointer endpointer = new Endpointer("caller", EndpointerConfig.defaults(), recorder);
        for (int f = 0; f + FRAME <= speech.length; f += FRAME) {
            endpointer.onFrame(speech, f, f / 16);
        }
        assertThat(recorder.finished).hasSize(2);
        for (Utterance finished : recorder.finished) {
            assertThat(recorder.paused).anySatisfy(offer -> assertThat(offer).isSameAs(finished));
        }
        assertThat(recorder.paused).anySatisfy(offer -> {
            assertThat(offer.startMs()).isEqualTo(recorder.finished.get(0).startMs());
            assertThat(offer.durationMs()).isLessThan(recorder.finished.get(0).durationMs());
        });
    }

    /** The prompt at 16 kHz with its leading and trailing silence trimmed, so the test sets the gaps. */
    private short[] wideband(Path wav) throws IOException {
        Path out = dir.resolve("wideband-" + wav.getFileName());
        ExternalTool.run(List.of("sox", wav.toString(), "-r", "16000", out.toString(),
                "silence", "1", "0.01", "1%", "reverse", "silence", "1", "0.01", "1%", "reverse"));
        return WavReader.read(out).samples();
    }

    /** Records pause offers and finished utterances in the order they come. */
    private static final class PauseRecorder implements UtteranceListener {
        final List<Utterance> paused = new ArrayList<>();
        final List<Utterance> finished = new ArrayList<>();

        @Override
        public void onUtterance(Utterance utterance) {
            finished.add(utterance);
        }

        @Override
        public void onPause(Utterance soFar) {
            paused.add(soFar);
        }
    }

    /** Samples sox's {@code silence} effect trims from the start (or, reversed, the end) at 1 % amplitude. */
    private long soxTrimmedSamples(Path wav, boolean fromEnd) throws IOException {
        Path trimmed = dir.resolve("trimmed.wav");
        List<String> command = new ArrayList<>(List.of("sox", wav.toString(), trimmed.toString()));
        if (fromEnd) {
            command.add("reverse");
        }
        command.addAll(List.of("silence", "1", "0.01", "1%"));
        if (fromEnd) {
            command.add("reverse");
        }
        ExternalTool.run(command);
        long trimmedLength = WavReader.read(trimmed).samples().length;
        Files.delete(trimmed);
        return WavReader.read(wav).samples().length - trimmedLength;
    }

    /** Mains hum (50 Hz and harmonics at -32 dBFS) and hiss (-50 dBFS), as on a poor analogue line. */
    private short[] withLineNoise(short[] speech) {
        short[] noisy = new short[speech.length];
        double hum = 32768 * Math.pow(10, -32 / 20.0) * Math.sqrt(2);
        double hiss = 32768 * Math.pow(10, -50 / 20.0);
        for (int i = 0; i < speech.length; i++) {
            double t = i / 16000.0;
            double value = speech[i] + hum * (0.8 * Math.sin(2 * Math.PI * 50 * t) + 0.2 * Math.sin(2 * Math.PI * 150 * t))
                    + hiss * random.nextGaussian();
            noisy[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(value)));
        }
        return noisy;
    }

    private static short[] concat(List<short[]> pieces) {
        short[] all = new short[pieces.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (short[] piece : pieces) {
            System.arraycopy(piece, 0, all, at, piece.length);
            at += piece.length;
        }
        return all;
    }

    /** Feeds {@code millis} of white noise at {@code noiseDbfs} plus, if non-zero, a voiced signal at {@code speechDbfs}. */
    private void feed(Endpointer endpointer, int millis, double noiseDbfs, double speechDbfs) {
        for (int elapsed = 0; elapsed < millis; elapsed += AudioFormat.FRAME_MS) {
            endpointer.onFrame(signalFrame(noiseDbfs, speechDbfs), 0, clockMs);
            clockMs += AudioFormat.FRAME_MS;
        }
    }

    /** A frame of noise, plus a harmonic 150 Hz "voice" with a 4 Hz syllable envelope when speechDbfs != 0. */
    private short[] signalFrame(double noiseDbfs, double speechDbfs) {
        short[] frame = new short[FRAME];
        double noise = 32768 * Math.pow(10, noiseDbfs / 20.0);
        double voice = speechDbfs == 0 ? 0 : 32768 * Math.pow(10, speechDbfs / 20.0) * 1.2;
        for (int i = 0; i < FRAME; i++, phase++) {
            double t = phase / 16000.0;
            double envelope = 0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t);
            double voiced = voice * envelope * (0.6 * Math.sin(2 * Math.PI * 150 * t)
                    + 0.3 * Math.sin(2 * Math.PI * 450 * t) + 0.2 * Math.sin(2 * Math.PI * 1050 * t));
            double value = voiced + noise * random.nextGaussian();
            frame[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(value)));
        }
        return frame;
    }
}
