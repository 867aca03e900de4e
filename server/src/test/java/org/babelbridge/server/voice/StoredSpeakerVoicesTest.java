package org.babelbridge.server.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.Registration;
import org.babelbridge.calls.UserAccount;
import org.babelbridge.calls.VoiceConsentService;
import org.babelbridge.calls.VoiceService;
import org.babelbridge.db.testing.TestDatabase;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.wav.WavAudio;
import org.babelbridge.media.wav.WavEncoding;
import org.babelbridge.media.wav.WavReader;
import org.babelbridge.media.wav.WavWriter;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.pipeline.Participant;
import org.babelbridge.speech.pipeline.SpeakerVoices;
import org.babelbridge.speech.tts.Voice;
import org.babelbridge.speech.tts.espeak.EspeakConfig;
import org.babelbridge.speech.tts.espeak.EspeakSynthesizer;
import org.babelbridge.speech.voice.PitchTracker;
import org.babelbridge.speech.voice.VoiceProfile;
import org.babelbridge.speech.voice.VoiceProfileExtractor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.TestInstance;

/**
 * Speakers enrolled from real recordings are dubbed in the voice their stored model describes: the server's
 * {@link SpeakerVoices} reads the profile from PostgreSQL, and espeak-ng shaped by it speaks with a median
 * pitch within 15 % of the speaker's own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoredSpeakerVoicesTest {

    private static final String RUSSIAN = "На данный момент все линии заняты. Пожалуйста, перезвоните позже.";

    private TestDatabase db;
    private ApplicationContext context;
    // Static: made before @BeforeAll, removed after the class's last test.
    @TempDir
    static Path dataDir;
    private SpeakerVoices voices;
    private VoiceService voice;
    private AccountService accounts;

    @BeforeAll
    void start() throws IOException {
        db = TestDatabase.create();
        Map<String, Object> props = new HashMap<>(db.micronautProperties());
        props.put("babel.data-dir", dataDir.toString());
        props.put("babel.jwt.secret", "a-test-secret-that-is-long-enough-for-hs256-signing");
        props.put("babel.sip.enabled", "false");
        props.put("babel.accounts.argon2.memory-kib", "1024");
        props.put("babel.accounts.argon2.iterations", "1");
        context = ApplicationContext.builder().properties(props).start();
        voices = context.getBean(SpeakerVoices.class);
        voice = context.getBean(VoiceService.class);
        accounts = context.getBean(AccountService.class);
    }

    @AfterAll
    void stop() throws IOException {
        if (context != null) {
            context.close();
        }
        db.close();
    }

    @Test
    void twoEnrolledSpeakersAreDubbedWithAMedianPitchWithinFifteenPercentOfTheirStoredProfile() throws Exception {
        WavAudio recorded = prompts("en");
        WavAudio lower = pitchShifted(recorded, -800); // a second, lower speaker: the recording 8 semitones down
        UserAccount high = enrolled("High", recorded);
        UserAccount low = enrolled("Low", lower);
        EspeakSynthesizer espeak = EspeakSynthesizer.start(EspeakConfig.DEFAULTS);
        try {
            List<Double> dubbedF0 = new ArrayList<>();
            for (UserAccount speaker : List.of(high, low)) {
                Participant p = voices.participant(Long.toString(speaker.id()), Language.EN);
                double stored = voice.modelStatus(speaker.id()).medianF0Hz();
                assertThat(p.profile().medianF0Hz()).isEqualTo(stored);

                List<short[]> chunks = new ArrayList<>();
                espeak.synthesize(RUSSIAN, Language.RU, p.dubbingVoice(60, false), chunks::add);
                double f0 = PitchTracker.medianVoicedF0(PitchTracker.track(concat(chunks), AudioFormat.SAMPLE_RATE_HZ));

                assertThat(f0).as("dubbing of a %.0f Hz speaker", stored).isCloseTo(stored, within(stored * 0.15));
                dubbedF0.add(f0);
            }
            assertThat(dubbedF0.get(0) - dubbedF0.get(1)).as("audibly different").isGreaterThan(30);
        } finally {
            espeak.close();
        }
    }

    @Test
    void aReadyClonedModelIsOfferedWithTheSpeakersCurrentConsent() {
        UserAccount u = accounts.register(new Registration("clone-" + System.nanoTime() + "@example.com",
                "long enough pw", "Clone", "ru", null));
        voice.completeTraining(u.id(), "voice-cloning", "user-1-abcdef012345", 82, 190, 8, 4.2);

        Participant before = voices.participant(Long.toString(u.id()), Language.RU);
        assertThat(before.clonedVoice().voiceId()).isEqualTo("user-1-abcdef012345");
        assertThat(before.clonedVoice().consented()).isFalse();
        assertThat(before.dubbingVoice(60, true)).isInstanceOf(Voice.Standard.class);

        context.getBean(VoiceConsentService.class).grant(u.id(), "127.0.0.1");
        Participant after = voices.participant(Long.toString(u.id()), Language.RU);
        assertThat(after.dubbingVoice(60, true)).isEqualTo(new Voice.Cloned("user-1-abcdef012345",
                new VoiceProfile(190, 8, 4.2)));
    }

    @Test
    void speakersWithoutAModelAndUnknownIdsGetTheNeutralVoice() {
        UserAccount u = accounts.register(new Registration("plain-" + System.nanoTime() + "@example.com",
                "long enough pw", "Plain", "he", null));
        assertThat(voices.participant(Long.toString(u.id()), Language.HE).profile()).isEqualTo(VoiceProfile.NEUTRAL_MALE);
        assertThat(voices.participant("trunk-caller", Language.EN).profile()).isEqualTo(VoiceProfile.NEUTRAL_MALE);
        voice.failTraining(u.id(), "voice-profile", "too little voiced speech");
        assertThat(voices.participant(Long.toString(u.id()), Language.HE).clonedVoice()).isNull();
    }

    /** Enrols a user as the trainer does: the profile is measured from the recording and stored. */
    private UserAccount enrolled(String name, WavAudio recording) {
        UserAccount u = accounts.register(new Registration(name.toLowerCase() + "-" + System.nanoTime()
                + "@example.com", "long enough pw", name, "en", null));
        VoiceProfile profile = VoiceProfileExtractor.extract(List.of(recording));
        voice.completeTraining(u.id(), "voice-profile", null, 75, profile.medianF0Hz(), profile.f0RangeSemitones(),
                profile.syllablesPerSecond());
        return u;
    }

    private static WavAudio prompts(String language) throws IOException {
        List<short[]> parts = new ArrayList<>();
        int rate = 0;
        for (String name : List.of("vm-intro", "agent-alreadyon", "all-circuits-busy-now", "conf-onlyperson",
                "agent-pass", "vm-goodbye")) {
            WavAudio prompt = WavReader.read(Path.of("/usr/share/asterisk/sounds", language, name + ".wav"));
            rate = prompt.sampleRateHz();
            parts.add(prompt.samples());
        }
        return new WavAudio(concat(parts), rate, WavEncoding.PCM16);
    }

    private static WavAudio pitchShifted(WavAudio audio, int cents) throws IOException, InterruptedException {
        Path in = Files.createTempFile("speaker", ".wav");
        Path out = Files.createTempFile("speaker-shifted", ".wav");
        try {
            Files.write(in, WavWriter.toBytes(audio.samples(), audio.sampleRateHz(), WavEncoding.PCM16));
            Process sox = new ProcessBuilder("sox", in.toString(), "-b", "16", out.toString(), "pitch",
                    Integer.toString(cents)).redirectErrorStream(true).start();
            String log = new String(sox.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(sox.waitFor()).as("sox: " + log).isZero();
            return WavReader.read(out);
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }

    private static short[] concat(List<short[]> parts) {
        short[] all = new short[parts.stream().mapToInt(p -> p.length).sum()];
        int offset = 0;
        for (short[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }
}
