package org.babelbridge.speech.stt.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.speech.v1.RecognitionConfig;
import com.google.cloud.speech.v1.SpeechRecognitionAlternative;
import com.google.cloud.speech.v1.StreamingRecognitionResult;
import com.google.cloud.speech.v1.StreamingRecognizeRequest;
import com.google.cloud.speech.v1.StreamingRecognizeResponse;
import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.SpeechEngineException;
import org.babelbridge.speech.TestAudio;
import org.babelbridge.speech.stt.Recognition;
import org.babelbridge.speech.stt.RecognitionListener;
import org.babelbridge.speech.stt.RecognitionStream;
import org.babelbridge.speech.stt.Transcript;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Speech-to-Text v1 {@code StreamingRecognize} contract against an in-process gRPC server that serves the
 * real service name and Google's own request/response messages.
 */
class GoogleSpeechContractTest {

    private static final MethodDescriptor<StreamingRecognizeRequest, StreamingRecognizeResponse> STREAMING_RECOGNIZE =
            MethodDescriptor.<StreamingRecognizeRequest, StreamingRecognizeResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
                    .setFullMethodName("google.cloud.speech.v1.Speech/StreamingRecognize")
                    .setRequestMarshaller(ProtoUtils.marshaller(StreamingRecognizeRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(StreamingRecognizeResponse.getDefaultInstance()))
                    .build();

    /** What the fake does once the client half-closes. */
    private enum Behaviour { ANSWER, FAIL, HANG }

    private final String name = InProcessServerBuilder.generateName();
    private final List<List<StreamingRecognizeRequest>> calls = new CopyOnWriteArrayList<>();
    private final List<Long> deadlinesMs = new CopyOnWriteArrayList<>();
    private volatile Behaviour behaviour = Behaviour.ANSWER;
    private Server server;
    private ManagedChannel channel;

    @TempDir
    Path temp;

    @BeforeEach
    void startServer() throws Exception {
        ServerServiceDefinition speech = ServerServiceDefinition.builder("google.cloud.speech.v1.Speech")
                .addMethod(STREAMING_RECOGNIZE, ServerCalls.asyncBidiStreamingCall(this::recognize)).build();
        ServerInterceptor deadlines = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                               ServerCallHandler<Q, R> next) {
                var deadline = Context.current().getDeadline();
                deadlinesMs.add(deadline == null ? -1 : deadline.timeRemaining(TimeUnit.MILLISECONDS));
                return Contexts.interceptCall(Context.current(), call, headers, next);
            }
        };
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServerInterceptors.intercept(speech, deadlines)).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void sendsTheConfigurationFirstThenTheAudioAndReturnsInterimAndFinalResults() {
        GoogleSpeechRecognizer google = start(2_000, Set.of(Language.HE, Language.EN, Language.RU));
        short[] pcm = TestAudio.prompt16k("en", "vm-intro");
        List<String> partials = new ArrayList<>();
        List<Transcript> finals = new ArrayList<>();

        Transcript transcript = Recognition.recognize(google, Language.EN, pcm, new RecognitionListener() {
            @Override
            public void onPartial(String text) {
                partials.add(text);
            }

            @Override
            public void onFinal(Transcript t) {
                finals.add(t);
            }
        });

        List<StreamingRecognizeRequest> requests = calls.get(0);
        RecognitionConfig config = requests.get(0).getStreamingConfig().getConfig();
        assertThat(requests.get(0).getStreamingConfig().getInterimResults()).isTrue();
        assertThat(config.getEncoding()).isEqualTo(RecognitionConfig.AudioEncoding.LINEAR16);
        assertThat(config.getSampleRateHertz()).isEqualTo(16_000);
        assertThat(config.getAudioChannelCount()).isEqualTo(1);
        assertThat(config.getLanguageCode()).isEqualTo("en-US");
        assertThat(requests.get(0).getAudioContent().isEmpty()).isTrue();
        assertThat(littleEndianSamples(requests.subList(1, requests.size()))).isEqualTo(pcm);

        assertThat(partials).contains("please leave");
        assertThat(transcript.text()).isEqualTo("Please leave your message. After the tone.");
        assertThat(transcript.confidence()).isBetween(0.85, 0.95);
        assertThat(transcript.language()).isEqualTo(Language.EN);
        assertThat(finals).containsExactly(transcript);
        assertThat(deadlinesMs.get(0)).as("the gRPC deadline sent").isBetween(1L, 2_000L);
    }

    @Test
    void usesTheRegionalCodesSpeechToTextExpects() {
        GoogleSpeechRecognizer google = start(2_000, Set.of(Language.HE, Language.RU));
        Recognition.recognize(google, Language.HE, new short[1600], RecognitionListener.NONE);
        Recognition.recognize(google, Language.RU, new short[1600], RecognitionListener.NONE);

        assertThat(calls).extracting(c -> c.get(0).getStreamingConfig().getConfig().getLanguageCode())
                .containsExactly("he-IL", "ru-RU");
        assertThatThrownBy(() -> google.open(Language.EN, RecognitionListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("speech.stt.google.languages");
    }

    @Test
    void aServiceErrorIsAnEngineErrorCarryingTheStatus() {
        behaviour = Behaviour.FAIL;
        GoogleSpeechRecognizer google = start(2_000, Set.of(Language.EN));

        assertThatThrownBy(() -> Recognition.recognize(google, Language.EN, new short[3200], RecognitionListener.NONE))
                .isInstanceOf(SpeechEngineException.class).hasMessageContaining("PERMISSION_DENIED")
                .hasMessageContaining("Cloud Speech-to-Text API has not been used");
    }

    @Test
    void aServerThatNeverAnswersMeetsTheDeadline() {
        behaviour = Behaviour.HANG;
        GoogleSpeechRecognizer google = start(400, Set.of(Language.EN));
        long started = System.nanoTime();

        try (RecognitionStream stream = google.open(Language.EN, RecognitionListener.NONE)) {
            stream.accept(new short[3200], 0, 3200);
            assertThatThrownBy(stream::finish).isInstanceOf(SpeechEngineException.class)
                    .hasMessageMatching("(?s).*(DEADLINE_EXCEEDED|within 400 ms).*");
        }

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(10_000);
        assertThat(deadlinesMs.get(0)).isBetween(1L, 400L);
    }

    @Test
    void aMissingOrBrokenKeyFileFailsStartUpNamingTheSetting() throws Exception {
        assertThatThrownBy(() -> GoogleSpeechRecognizer.start(new GoogleSpeechConfig(null,
                GoogleSpeechConfig.DEFAULT_ENDPOINT, Set.of(Language.HE), 5_000)))
                .isInstanceOf(EngineConfigurationException.class)
                .hasMessageContaining("speech.stt.google.credentials-file");
        Path broken = Files.writeString(temp.resolve("key.json"), "{\"type\": \"service_account\"}");
        assertThatThrownBy(() -> GoogleSpeechRecognizer.start(new GoogleSpeechConfig(broken,
                GoogleSpeechConfig.DEFAULT_ENDPOINT, Set.of(Language.HE), 5_000)))
                .isInstanceOf(EngineConfigurationException.class)
                .hasMessageContaining("speech.stt.google.credentials-file");
        assertThatThrownBy(() -> GoogleSpeechRecognizer.start(new GoogleSpeechConfig(temp.resolve("absent.json"),
                GoogleSpeechConfig.DEFAULT_ENDPOINT, Set.of(Language.HE), 5_000)))
                .isInstanceOf(EngineConfigurationException.class).hasMessageContaining("absent.json");
    }

    private GoogleSpeechRecognizer start(long timeoutMs, Set<Language> languages) {
        return GoogleSpeechRecognizer.start(new GoogleSpeechConfig(null, "in-process:" + name, languages, timeoutMs),
                FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)),
                NoCredentialsProvider.create());
    }

    /** The fake service: records the requests; on half-close answers as the real service does, fails or hangs. */
    private StreamObserver<StreamingRecognizeRequest> recognize(StreamObserver<StreamingRecognizeResponse> out) {
        List<StreamingRecognizeRequest> requests = new CopyOnWriteArrayList<>();
        calls.add(requests);
        return new StreamObserver<>() {
            @Override
            public void onNext(StreamingRecognizeRequest request) {
                requests.add(request);
                if (requests.size() == 2 && behaviour == Behaviour.ANSWER) {
                    out.onNext(StreamingRecognizeResponse.newBuilder().addResults(result("please leave", false, 0))
                            .build());
                }
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                switch (behaviour) {
                    case ANSWER -> {
                        out.onNext(StreamingRecognizeResponse.newBuilder()
                                .addResults(result("Please leave your message.", true, 0.92f)).build());
                        out.onNext(StreamingRecognizeResponse.newBuilder()
                                .addResults(result(" After the tone.", true, 0.88f)).build());
                        out.onCompleted();
                    }
                    case FAIL -> out.onError(Status.PERMISSION_DENIED.withDescription(
                            "Cloud Speech-to-Text API has not been used in project 0 before").asRuntimeException());
                    case HANG -> { }
                }
            }
        };
    }

    private static StreamingRecognitionResult result(String text, boolean isFinal, float confidence) {
        return StreamingRecognitionResult.newBuilder().setIsFinal(isFinal).setStability(isFinal ? 0 : 0.8f)
                .addAlternatives(SpeechRecognitionAlternative.newBuilder().setTranscript(text)
                        .setConfidence(confidence)).build();
    }

    private static short[] littleEndianSamples(List<StreamingRecognizeRequest> audio) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (StreamingRecognizeRequest r : audio) {
            ByteString chunk = r.getAudioContent();
            bytes.writeBytes(chunk.toByteArray());
        }
        byte[] b = bytes.toByteArray();
        short[] samples = new short[b.length / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) ((b[2 * i] & 0xFF) | (b[2 * i + 1] << 8));
        }
        return samples;
    }
}
