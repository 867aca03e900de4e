package org.babelbridge.speech.tts.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.texttospeech.v1.AudioEncoding;
import com.google.cloud.texttospeech.v1.SsmlVoiceGender;
import com.google.cloud.texttospeech.v1.SynthesizeSpeechRequest;
import com.google.cloud.texttospeech.v1.SynthesizeSpeechResponse;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.wav.WavEncoding;
import org.babelbridge.media.wav.WavWriter;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.SpeechEngineException;
import org.babelbridge.speech.TestAudio;
import org.babelbridge.speech.google.InProcessGoogleService;
import org.babelbridge.speech.tts.Voice;
import org.babelbridge.speech.voice.VoiceProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Text-to-Speech v1 {@code SynthesizeSpeech} against an in-process gRPC server serving the real service. */
class GoogleTextToSpeechContractTest {

    private InProcessGoogleService<SynthesizeSpeechRequest, SynthesizeSpeechResponse> service;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void asksForSixteenKilohertzLinear16InTheSpeakersGenderPitchAndRateAndChunksTheAnswer() throws Exception {
        short[] speech = TestAudio.prompt16k("en", "vm-intro");
        GoogleTextToSpeech google = start(r -> SynthesizeSpeechResponse.newBuilder().setAudioContent(ByteString.copyFrom(
                WavWriter.toBytes(speech, AudioFormat.SAMPLE_RATE_HZ, WavEncoding.PCM16))).build(), 3_000);
        TestAudio.Collector audio = new TestAudio.Collector();

        google.synthesize("שלום", Language.HE, new Voice.Standard(new VoiceProfile(240, 8, 5.0)), audio);

        SynthesizeSpeechRequest request = service.requests.get(0);
        assertThat(request.getInput().getText()).isEqualTo("שלום");
        assertThat(request.getVoice().getLanguageCode()).isEqualTo("he-IL");
        assertThat(request.getVoice().getSsmlGender()).isEqualTo(SsmlVoiceGender.FEMALE);
        assertThat(request.getVoice().getName()).isEqualTo("he-IL-Wavenet-A");
        assertThat(request.getAudioConfig().getAudioEncoding()).isEqualTo(AudioEncoding.LINEAR16);
        assertThat(request.getAudioConfig().getSampleRateHertz()).isEqualTo(16_000);
        assertThat(request.getAudioConfig().getPitch()).isCloseTo(12 * Math.log(240 / 210.0) / Math.log(2), within(0.01));
        assertThat(request.getAudioConfig().getSpeakingRate()).isCloseTo(1.25, within(0.01));
        assertThat(audio.all()).as("the WAV header is not played").isEqualTo(speech);
        assertThat(audio.chunks).allSatisfy(c -> assertThat(c.length).isLessThanOrEqualTo(1_600));
        assertThat(service.deadlinesMs.get(0)).isBetween(1L, 3_000L);

        google.synthesize("Привет", Language.RU, new Voice.Standard(VoiceProfile.NEUTRAL_MALE), chunk -> { });
        assertThat(service.requests.get(1).getVoice().getLanguageCode()).isEqualTo("ru-RU");
        assertThat(service.requests.get(1).getVoice().getSsmlGender()).isEqualTo(SsmlVoiceGender.MALE);
        assertThat(service.requests.get(1).getAudioConfig().getPitch()).isCloseTo(0, within(0.01));
    }

    @Test
    void errorsAndTheDeadlineAreEngineErrors() throws Exception {
        GoogleTextToSpeech google = start(r -> {
            if (r.getInput().getText().equals("slow")) {
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return SynthesizeSpeechResponse.getDefaultInstance();
            }
            throw Status.UNAUTHENTICATED.withDescription("Request had invalid authentication credentials.")
                    .asRuntimeException();
        }, 300);
        Voice voice = new Voice.Standard(VoiceProfile.NEUTRAL_FEMALE);

        assertThatThrownBy(() -> google.synthesize("hello", Language.EN, voice, chunk -> { }))
                .isInstanceOf(SpeechEngineException.class).hasMessageContaining("UNAUTHENTICATED");
        long started = System.nanoTime();
        assertThatThrownBy(() -> google.synthesize("slow", Language.EN, voice, chunk -> { }))
                .isInstanceOf(SpeechEngineException.class).hasMessageContaining("DEADLINE_EXCEEDED");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_900);
    }

    @Test
    void refusesClonedVoicesUnconfiguredLanguagesAndAMissingKey() throws Exception {
        GoogleTextToSpeech google = start(r -> SynthesizeSpeechResponse.getDefaultInstance(), 3_000);
        assertThatThrownBy(() -> google.synthesize("x", Language.EN, new Voice.Cloned("v-1", VoiceProfile.NEUTRAL_MALE),
                chunk -> { })).isInstanceOf(IllegalArgumentException.class);
        GoogleTextToSpeech englishOnly = GoogleTextToSpeech.start(new GoogleTextToSpeechConfig(null, Set.of(Language.EN),
                Map.of(), "in-process", 3_000), service.channel(), NoCredentialsProvider.create());
        assertThatThrownBy(() -> englishOnly.synthesize("x", Language.RU, new Voice.Standard(VoiceProfile.NEUTRAL_MALE),
                chunk -> { })).hasMessageContaining("speech.tts.google.languages");
        assertThatThrownBy(() -> GoogleTextToSpeech.start(new GoogleTextToSpeechConfig(null, Set.of(Language.EN),
                Map.of(), GoogleTextToSpeechConfig.DEFAULT_ENDPOINT, 3_000)))
                .isInstanceOf(EngineConfigurationException.class).hasMessageContaining("speech.tts.google.credentials-file");
    }

    private GoogleTextToSpeech start(Function<SynthesizeSpeechRequest, SynthesizeSpeechResponse> handler,
                                     long timeoutMs) throws Exception {
        service = new InProcessGoogleService<>("google.cloud.texttospeech.v1.TextToSpeech", "SynthesizeSpeech",
                SynthesizeSpeechRequest.getDefaultInstance(), SynthesizeSpeechResponse.getDefaultInstance(), handler);
        return GoogleTextToSpeech.start(new GoogleTextToSpeechConfig(null, Set.of(Language.HE, Language.EN, Language.RU),
                Map.of(Language.HE, "he-IL-Wavenet-A"), "in-process", timeoutMs), service.channel(),
                NoCredentialsProvider.create());
    }
}
