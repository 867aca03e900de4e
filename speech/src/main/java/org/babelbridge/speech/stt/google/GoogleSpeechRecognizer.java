package org.babelbridge.speech.stt.google;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.rpc.ClientStream;
import com.google.api.gax.rpc.ResponseObserver;
import com.google.api.gax.rpc.StreamController;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.speech.v1.RecognitionConfig;
import com.google.cloud.speech.v1.SpeechClient;
import com.google.cloud.speech.v1.SpeechSettings;
import com.google.cloud.speech.v1.StreamingRecognitionConfig;
import com.google.cloud.speech.v1.StreamingRecognitionResult;
import com.google.cloud.speech.v1.StreamingRecognizeRequest;
import com.google.cloud.speech.v1.StreamingRecognizeResponse;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.SpeechEngineException;
import org.babelbridge.speech.google.GoogleCloudAccess;
import org.babelbridge.speech.stt.RecognitionListener;
import org.babelbridge.speech.stt.RecognitionStream;
import org.babelbridge.speech.stt.SpeechRecognizer;
import org.babelbridge.speech.stt.Transcript;

/**
 * Recognition through Google Cloud Speech-to-Text v1 {@code StreamingRecognize}: the first request
 * carries the configuration (LINEAR16, 16 kHz, the language's BCP-47 code, interim results), then the
 * utterance's audio streams as it arrives; interim results become partial hypotheses, the final results
 * of the stream the transcript. Each stream carries a gRPC deadline of {@code timeoutMs}. Thread-safe.
 */
public final class GoogleSpeechRecognizer implements SpeechRecognizer {

    private final SpeechClient client;
    private final GoogleSpeechConfig config;

    private GoogleSpeechRecognizer(SpeechClient client, GoogleSpeechConfig config) {
        this.client = client;
        this.config = config;
    }

    /**
     * Reads the service-account key and connects to {@code config.endpoint()} over TLS.
     *
     * @throws EngineConfigurationException naming {@code speech.stt.google.credentials-file} when the key is
     *                                      missing or unreadable
     */
    public static GoogleSpeechRecognizer start(GoogleSpeechConfig config) {
        TransportChannelProvider channel = SpeechSettings.defaultGrpcTransportProviderBuilder()
                .setEndpoint(config.endpoint()).build();
        return start(config, channel, GoogleCloudAccess.credentials(config.credentialsFile(),
                "speech.stt.google.credentials-file", "Google Cloud Speech-to-Text"));
    }

    /**
     * Connects through the given channel and credentials (e.g. a private endpoint or a test server).
     *
     * @throws EngineConfigurationException naming {@code speech.stt.google.endpoint} if the client cannot be built
     */
    public static GoogleSpeechRecognizer start(GoogleSpeechConfig config, TransportChannelProvider channel,
                                               CredentialsProvider credentials) {
        try {
            SpeechSettings settings = SpeechSettings.newBuilder().setTransportChannelProvider(channel)
                    .setCredentialsProvider(credentials).setEndpoint(config.endpoint()).build();
            return new GoogleSpeechRecognizer(SpeechClient.create(settings), config);
        } catch (IOException | RuntimeException e) {
            throw new EngineConfigurationException("speech.stt.google.endpoint",
                    "cannot create the Speech-to-Text client for " + config.endpoint() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Set<Language> languages() {
        return config.languages();
    }

    @Override
    public RecognitionStream open(Language language, RecognitionListener listener) {
        if (!config.languages().contains(language)) {
            throw new IllegalArgumentException("Google Speech-to-Text is not configured for " + language.code()
                    + " (speech.stt.google.languages)");
        }
        return new Stream(language, listener);
    }

    @Override
    public void close() {
        client.close();
    }

    private final class Stream implements RecognitionStream {
        private final Language language;
        private final RecognitionListener listener;
        private final Results results = new Results();
        private final ClientStream<StreamingRecognizeRequest> requests;
        private final long deadlineNanos;
        private byte[] buffer = new byte[6400];
        private boolean done;

        Stream(Language language, RecognitionListener listener) {
            this.language = language;
            this.listener = listener;
            this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.timeoutMs());
            GrpcCallContext context = GrpcCallContext.createDefault()
                    .withTimeoutDuration(Duration.ofMillis(config.timeoutMs()));
            this.requests = client.streamingRecognizeCallable().splitCall(results, context);
            requests.send(StreamingRecognizeRequest.newBuilder().setStreamingConfig(
                    StreamingRecognitionConfig.newBuilder().setInterimResults(true).setConfig(
                            RecognitionConfig.newBuilder().setEncoding(RecognitionConfig.AudioEncoding.LINEAR16)
                                    .setSampleRateHertz(org.babelbridge.media.AudioFormat.SAMPLE_RATE_HZ)
                                    .setAudioChannelCount(1)
                                    .setLanguageCode(GoogleSpeechConfig.languageCode(language))
                                    .setEnableAutomaticPunctuation(true)))
                    .build());
        }

        @Override
        public void accept(short[] pcm, int offset, int length) {
            if (done) {
                throw new IllegalStateException("recognition stream already finished");
            }
            if (buffer.length < length * 2) {
                buffer = new byte[length * 2];
            }
            for (int i = 0; i < length; i++) {
                short s = pcm[offset + i];
                buffer[2 * i] = (byte) s;
                buffer[2 * i + 1] = (byte) (s >> 8);
            }
            requests.send(StreamingRecognizeRequest.newBuilder()
                    .setAudioContent(ByteString.copyFrom(buffer, 0, length * 2)).build());
            deliverPartials();
        }

        @Override
        public Transcript finish() {
            if (done) {
                throw new IllegalStateException("recognition stream already finished");
            }
            done = true;
            requests.closeSend();
            Transcript transcript;
            try {
                long left = Math.max(1, deadlineNanos - System.nanoTime());
                transcript = results.completion.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                requests.closeSendWithError(e);
                throw new SpeechEngineException("Google Speech-to-Text gave no final result within "
                        + config.timeoutMs() + " ms", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SpeechEngineException("interrupted while waiting for Google Speech-to-Text", e);
            } catch (ExecutionException e) {
                throw new SpeechEngineException("Google Speech-to-Text failed: "
                        + GoogleCloudAccess.describe(e.getCause()), e.getCause());
            }
            deliverPartials();
            listener.onFinal(transcript);
            return transcript;
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                requests.closeSendWithError(new java.util.concurrent.CancellationException("stream closed"));
            }
        }

        private void deliverPartials() {
            String partial;
            while ((partial = results.partials.poll()) != null) {
                listener.onPartial(partial);
            }
        }

        /** Collects responses on gRPC threads; hypotheses reach the listener on the feeding thread. */
        private final class Results implements ResponseObserver<StreamingRecognizeResponse> {
            final ConcurrentLinkedQueue<String> partials = new ConcurrentLinkedQueue<>();
            final CompletableFuture<Transcript> completion = new CompletableFuture<>();
            private final StringBuilder finalText = new StringBuilder();
            private double confidenceSum;
            private int finals;

            @Override
            public void onStart(StreamController controller) {
            }

            @Override
            public void onResponse(StreamingRecognizeResponse response) {
                if (response.hasError() && response.getError().getCode() != 0) {
                    completion.completeExceptionally(new SpeechEngineException("Google Speech-to-Text error "
                            + response.getError().getCode() + ": " + response.getError().getMessage()));
                    return;
                }
                StringBuilder interim = new StringBuilder();
                for (StreamingRecognitionResult result : response.getResultsList()) {
                    if (result.getAlternativesCount() == 0) {
                        continue;
                    }
                    var best = result.getAlternatives(0);
                    if (result.getIsFinal()) {
                        synchronized (this) {
                            finalText.append(finalText.isEmpty() ? "" : " ").append(best.getTranscript().strip());
                            confidenceSum += best.getConfidence();
                            finals++;
                        }
                    } else {
                        interim.append(best.getTranscript());
                    }
                }
                if (!interim.isEmpty()) {
                    synchronized (this) {
                        partials.add((finalText + " " + interim).strip());
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                completion.completeExceptionally(t);
            }

            @Override
            public synchronized void onComplete() {
                completion.complete(new Transcript(finalText.toString(), language,
                        finals == 0 ? -1 : confidenceSum / finals));
            }
        }
    }
}
