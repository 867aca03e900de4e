package org.babelbridge.speech.tts.google;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.texttospeech.v1.AudioConfig;
import com.google.cloud.texttospeech.v1.AudioEncoding;
import com.google.cloud.texttospeech.v1.SsmlVoiceGender;
import com.google.cloud.texttospeech.v1.SynthesisInput;
import com.google.cloud.texttospeech.v1.SynthesizeSpeechRequest;
import com.google.cloud.texttospeech.v1.SynthesizeSpeechResponse;
import com.google.cloud.texttospeech.v1.TextToSpeechClient;
import com.google.cloud.texttospeech.v1.TextToSpeechSettings;
import com.google.cloud.texttospeech.v1.VoiceSelectionParams;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Consumer;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.wav.MalformedWavException;
import org.babelbridge.media.wav.WavAudio;
import org.babelbridge.media.wav.WavReader;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.SpeechEngineException;
import org.babelbridge.speech.google.GoogleCloudAccess;
import org.babelbridge.speech.stt.google.GoogleSpeechConfig;
import org.babelbridge.speech.tts.SpeechSynthesizer;
import org.babelbridge.speech.tts.Voice;
import org.babelbridge.speech.voice.VoiceProfile;

/**
 * Standard voices through Google Cloud Text-to-Speech v1 {@code SynthesizeSpeech}: LINEAR16 at 16 kHz in the
 * language's BCP-47 code, the voice's gender, pitch and rate following the speaker's profile. The service
 * answers with the whole utterance, handed on in 100 ms chunks. Thread-safe.
 */
public final class GoogleTextToSpeech implements SpeechSynthesizer {

    /** Median F0 above which a speaker is given a female voice. */
    static final double FEMALE_ABOVE_HZ = 165;
    private static final int CHUNK_SAMPLES = AudioFormat.SAMPLE_RATE_HZ / 10;

    private final TextToSpeechClient client;
    private final GoogleTextToSpeechConfig config;

    private GoogleTextToSpeech(TextToSpeechClient client, GoogleTextToSpeechConfig config) {
        this.client = client;
        this.config = config;
    }

    /**
     * Reads the service-account key and connects over TLS.
     *
     * @throws EngineConfigurationException naming {@code speech.tts.google.credentials-file}
     */
    public static GoogleTextToSpeech start(GoogleTextToSpeechConfig config) {
        CredentialsProvider credentials = GoogleCloudAccess.credentials(config.credentialsFile(),
                "speech.tts.google.credentials-file", "Google Cloud Text-to-Speech");
        return start(config, TextToSpeechSettings.defaultGrpcTransportProviderBuilder()
                .setEndpoint(config.endpoint()).build(), credentials);
    }

    /** Connects through the given channel and credentials (a private endpoint or a test server). */
    public static GoogleTextToSpeech start(GoogleTextToSpeechConfig config, TransportChannelProvider channel,
                                           CredentialsProvider credentials) {
        try {
            TextToSpeechSettings.Builder settings = TextToSpeechSettings.newBuilder().setTransportChannelProvider(channel)
                    .setCredentialsProvider(credentials).setEndpoint(config.endpoint());
            settings.synthesizeSpeechSettings().setRetrySettings(GoogleCloudAccess.oneAttempt(config.timeoutMs()))
                    .setRetryableCodes();
            return new GoogleTextToSpeech(TextToSpeechClient.create(settings.build()), config);
        } catch (IOException | RuntimeException e) {
            throw new EngineConfigurationException("speech.tts.google.endpoint",
                    "cannot create the Text-to-Speech client for " + config.endpoint() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Set<Language> languages() {
        return config.languages();
    }

    @Override
    public void synthesize(String text, Language language, Voice voice, Consumer<short[]> audio) {
        if (!(voice instanceof Voice.Standard)) {
            throw new IllegalArgumentException("Google Text-to-Speech speaks standard voices only");
        }
        if (!config.languages().contains(language)) {
            throw new IllegalArgumentException("Google Text-to-Speech is not configured for " + language.code()
                    + " (speech.tts.google.languages)");
        }
        SynthesizeSpeechResponse response;
        try {
            response = client.synthesizeSpeechCallable().call(request(text, language, voice.profile()),
                    GrpcCallContext.createDefault().withTimeoutDuration(Duration.ofMillis(config.timeoutMs())));
        } catch (ApiException e) {
            throw new SpeechEngineException("Google Text-to-Speech failed: " + GoogleCloudAccess.describe(e), e);
        }
        short[] pcm = samples(response.getAudioContent().toByteArray());
        for (int offset = 0; offset < pcm.length; offset += CHUNK_SAMPLES) {
            audio.accept(Arrays.copyOfRange(pcm, offset, Math.min(pcm.length, offset + CHUNK_SAMPLES)));
        }
    }

    SynthesizeSpeechRequest request(String text, Language language, VoiceProfile profile) {
        boolean female = profile.medianF0Hz() > FEMALE_ABOVE_HZ;
        VoiceSelectionParams.Builder voice = VoiceSelectionParams.newBuilder()
                .setLanguageCode(GoogleSpeechConfig.languageCode(language))
                .setSsmlGender(female ? SsmlVoiceGender.FEMALE : SsmlVoiceGender.MALE);
        String name = config.voiceNames().get(language);
        if (name != null) {
            voice.setName(name);
        }
        // Pitch in semitones relative to the voice's own, taking a typical voice of that gender as reference.
        double reference = female ? VoiceProfile.NEUTRAL_FEMALE.medianF0Hz() : VoiceProfile.NEUTRAL_MALE.medianF0Hz();
        double semitones = 12 * Math.log(profile.medianF0Hz() / reference) / Math.log(2);
        double rate = profile.syllablesPerSecond() / VoiceProfile.NEUTRAL_MALE.syllablesPerSecond();
        return SynthesizeSpeechRequest.newBuilder().setInput(SynthesisInput.newBuilder().setText(text))
                .setVoice(voice)
                .setAudioConfig(AudioConfig.newBuilder().setAudioEncoding(AudioEncoding.LINEAR16)
                        .setSampleRateHertz(AudioFormat.SAMPLE_RATE_HZ)
                        .setPitch(Math.max(-20, Math.min(20, semitones)))
                        .setSpeakingRate(Math.max(0.25, Math.min(4.0, rate))))
                .build();
    }

    /** LINEAR16 answers carry a WAV header; headerless PCM is taken as it is. */
    private static short[] samples(byte[] audio) {
        if (audio.length >= 12 && audio[0] == 'R' && audio[1] == 'I' && audio[2] == 'F' && audio[3] == 'F') {
            try {
                WavAudio wav = WavReader.read(audio);
                if (wav.sampleRateHz() != AudioFormat.SAMPLE_RATE_HZ) {
                    throw new SpeechEngineException("Google Text-to-Speech answered at " + wav.sampleRateHz()
                            + " Hz instead of 16 kHz");
                }
                return wav.samples();
            } catch (MalformedWavException e) {
                throw new SpeechEngineException("Google Text-to-Speech answered with malformed WAV: "
                        + e.getMessage(), e);
            }
        }
        short[] pcm = new short[audio.length / 2];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) ((audio[2 * i] & 0xFF) | (audio[2 * i + 1] << 8));
        }
        return pcm;
    }

    @Override
    public void close() {
        client.close();
    }
}
