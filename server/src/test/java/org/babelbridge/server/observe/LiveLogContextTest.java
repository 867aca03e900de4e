package org.babelbridge.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.babelbridge.media.vad.Utterance;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.pipeline.DubbingConfig;
import org.babelbridge.speech.pipeline.DubbingPipeline;
import org.babelbridge.speech.pipeline.Participant;
import org.babelbridge.speech.pipeline.SpeechEngines;
import org.babelbridge.speech.pipeline.UtteranceEvent;
import org.babelbridge.speech.stt.RecognitionListener;
import org.babelbridge.speech.stt.RecognitionStream;
import org.babelbridge.speech.stt.SpeechRecognizer;
import org.babelbridge.speech.stt.Transcript;
import org.babelbridge.speech.translate.Translator;
import org.babelbridge.speech.tts.SpeechSynthesizer;
import org.babelbridge.speech.voice.VoiceProfile;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Log lines written while a live dubbing pipeline works on an utterance, by the pipeline itself and by an
 * engine on its pool thread (through System.Logger, as the engine adapters log), carry the call, the speaker and
 * the stage in the server's JSON format.
 */
class LiveLogContextTest {

    @Test
    void pipelineAndEngineLogLinesCarryCallParticipantAndStage() throws Exception {
        List<UtteranceEvent> events = new CopyOnWriteArrayList<>();
        String printed = withJsonLogs(() -> {
            SpeechEngines engines = new SpeechEngines(Map.of(Language.EN, new LoggingRecognizer()),
                    failingTranslator(), new SilentSynthesizer(), null);
            try (DubbingPipeline pipeline = new DubbingPipeline("42",
                    List.of(Participant.of("7", Language.EN, VoiceProfile.NEUTRAL_MALE),
                            Participant.of("8", Language.RU, VoiceProfile.NEUTRAL_FEMALE)),
                    engines, (listener, speaker, pcm) -> { }, events::add, DubbingConfig.DEFAULTS, Clock.systemUTC())) {
                pipeline.onUtterance(new Utterance("7", new short[16_000], 1_000, 2_000));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (events.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
        });
        assertThat(events).as("the utterance went through").hasSize(1);
        List<String> lines = printed.lines().filter(l -> l.startsWith("{")).toList();
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .contains("recognising 16000 samples")
                .contains("\"callId\":\"42\"").contains("\"participantId\":\"7\"").contains("\"stage\":\"stt\""));
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .contains("translation failed")
                .contains("\"callId\":\"42\"").contains("\"participantId\":\"7\"").contains("\"stage\":\"mt\""));
    }

    private interface Work {
        void run() throws Exception;
    }

    private static String withJsonLogs(Work work) throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        context.putProperty("BABEL_LOG_FORMAT", "json");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LiveLogContextTest.class.getResource("/logback.xml"));
            work.run();
        } finally {
            System.setOut(original);
            context.reset();
            new ContextInitializer(context).autoConfig();
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static Translator failingTranslator() {
        return (text, source, target) -> {
            throw new IllegalStateException("translation service unreachable");
        };
    }

    /** Logs through System.Logger like the engine adapters, then recognises a fixed word. */
    private static final class LoggingRecognizer implements SpeechRecognizer {
        private static final System.Logger LOG = System.getLogger("org.babelbridge.speech.stt.test");

        @Override
        public Set<Language> languages() {
            return Set.of(Language.EN);
        }

        @Override
        public RecognitionStream open(Language language, RecognitionListener listener) {
            return new RecognitionStream() {
                private int samples;

                @Override
                public void accept(short[] pcm, int offset, int length) {
                    samples += length;
                }

                @Override
                public Transcript finish() {
                    LOG.log(System.Logger.Level.INFO, "recognising {0} samples", String.valueOf(samples));
                    return new Transcript("goodbye", Language.EN, 0.9);
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void close() {
        }
    }

    private static final class SilentSynthesizer implements SpeechSynthesizer {
        @Override
        public Set<Language> languages() {
            return Set.of(Language.EN, Language.RU);
        }

        @Override
        public void synthesize(String text, Language language, org.babelbridge.speech.tts.Voice voice,
                               java.util.function.Consumer<short[]> audio) {
            audio.accept(new short[320]);
        }

        @Override
        public void close() {
        }
    }
}
