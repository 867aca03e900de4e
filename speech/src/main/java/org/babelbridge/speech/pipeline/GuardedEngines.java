package org.babelbridge.speech.pipeline;

import java.time.Clock;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.SpeechEngineException;
import org.babelbridge.speech.stt.RecognitionListener;
import org.babelbridge.speech.stt.RecognitionStream;
import org.babelbridge.speech.stt.SpeechRecognizer;
import org.babelbridge.speech.stt.Transcript;
import org.babelbridge.speech.translate.Translation;
import org.babelbridge.speech.translate.Translator;
import org.babelbridge.speech.tts.SpeechSynthesizer;
import org.babelbridge.speech.tts.Voice;

/**
 * Wraps every engine of a {@link SpeechEngines} in an {@link EngineGuard}: failures (including a
 * call interrupted when the pipeline's deadline fires on a hung engine) are counted per adapter,
 * and a failing engine is retried with backoff instead of being hammered by every utterance.
 * While an engine backs off, a translator answers "untranslated" and the other engines fail at
 * once, so the pipeline gives its spoken notice without waiting for a deadline. A request whose deadline
 * passed while it waited for the {@link LocalEngineBudget} never reached the engine and is not its failure.
 * Thread-safe.
 */
public final class GuardedEngines {

    private final SpeechEngines engines;
    private final Map<String, EngineGuard> guards = new LinkedHashMap<>();

    private GuardedEngines(SpeechEngines raw, EngineBackoffConfig config, Clock clock) {
        Map<Object, EngineGuard> byEngine = new IdentityHashMap<>();
        Map<Language, SpeechRecognizer> recognizers = new LinkedHashMap<>();
        raw.recognizers().forEach((language, recognizer) -> recognizers.put(language,
                new GuardedRecognizer(recognizer, guardFor(recognizer, byEngine, config, clock))));
        Translator translator = new GuardedTranslator(raw.translator(), guardFor(raw.translator(), byEngine, config, clock));
        SpeechSynthesizer standard = new GuardedSynthesizer(raw.standardSynthesizer(),
                guardFor(raw.standardSynthesizer(), byEngine, config, clock));
        SpeechSynthesizer cloning = raw.cloningSynthesizer() == null ? null
                : new GuardedSynthesizer(raw.cloningSynthesizer(), guardFor(raw.cloningSynthesizer(), byEngine, config, clock));
        this.engines = new SpeechEngines(recognizers, translator, standard, cloning);
    }

    public static GuardedEngines guard(SpeechEngines engines, EngineBackoffConfig config, Clock clock) {
        return new GuardedEngines(engines, config, clock);
    }

    /** The guarded engines, to give to {@link DubbingPipeline}s. */
    public SpeechEngines engines() {
        return engines;
    }

    /** Health of every adapter by name. */
    public Map<String, EngineHealth> health() {
        Map<String, EngineHealth> health = new LinkedHashMap<>();
        guards.forEach((name, guard) -> health.put(name, guard.health()));
        return health;
    }

    private EngineGuard guardFor(Object engine, Map<Object, EngineGuard> byEngine, EngineBackoffConfig config, Clock clock) {
        return byEngine.computeIfAbsent(engine, e -> {
            Class<?> type = (e instanceof LocalEngineBudget.Limited limited ? limited.engine() : e).getClass();
            String base = type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
            String name = base;
            for (int n = 2; guards.containsKey(name); n++) {
                name = base + "-" + n;
            }
            EngineGuard guard = new EngineGuard(name, config, clock);
            guards.put(name, guard);
            return guard;
        });
    }

    private static SpeechEngineException backingOff(EngineGuard guard) {
        return new SpeechEngineException(guard.adapter() + " is backing off after failures; retried in "
                + guard.retryInMs() + " ms");
    }

    private static final class GuardedTranslator implements Translator {
        private final Translator delegate;
        private final EngineGuard guard;

        GuardedTranslator(Translator delegate, EngineGuard guard) {
            this.delegate = delegate;
            this.guard = guard;
        }

        @Override
        public Translation translate(String text, Language source, Language target) {
            if (!guard.admit()) {
                return Translation.untranslated(backingOff(guard).getMessage());
            }
            Translation translation;
            try {
                translation = delegate.translate(text, source, target);
            } catch (RuntimeException | Error e) {
                guard.failed();
                throw e;
            }
            guard.succeeded();
            return translation;
        }
    }

    private static final class GuardedSynthesizer implements SpeechSynthesizer {
        private final SpeechSynthesizer delegate;
        private final EngineGuard guard;

        GuardedSynthesizer(SpeechSynthesizer delegate, EngineGuard guard) {
            this.delegate = delegate;
            this.guard = guard;
        }

        @Override
        public Set<Language> languages() {
            return delegate.languages();
        }

        @Override
        public boolean speaksClonedVoices() {
            return delegate.speaksClonedVoices();
        }

        @Override
        public void synthesize(String text, Language language, Voice voice, Consumer<short[]> audio) {
            if (!guard.admit()) {
                throw backingOff(guard);
            }
            try {
                delegate.synthesize(text, language, voice, audio);
            } catch (LocalEngineWaitInterruptedException e) {
                guard.notStarted();
                throw e;
            } catch (RuntimeException | Error e) {
                guard.failed();
                throw e;
            }
            guard.succeeded();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private static final class GuardedRecognizer implements SpeechRecognizer {
        private final SpeechRecognizer delegate;
        private final EngineGuard guard;

        GuardedRecognizer(SpeechRecognizer delegate, EngineGuard guard) {
            this.delegate = delegate;
            this.guard = guard;
        }

        @Override
        public Set<Language> languages() {
            return delegate.languages();
        }

        @Override
        public boolean idleNow() {
            return delegate.idleNow();
        }

        @Override
        public RecognitionStream open(Language language, RecognitionListener listener) {
            if (!guard.admit()) {
                throw backingOff(guard);
            }
            RecognitionStream stream;
            try {
                stream = delegate.open(language, listener);
            } catch (LocalEngineWaitInterruptedException e) {
                guard.notStarted();
                throw e;
            } catch (RuntimeException | Error e) {
                guard.failed();
                throw e;
            }
            return new RecognitionStream() {
                private boolean settled;

                @Override
                public void accept(short[] pcm, int offset, int length) {
                    try {
                        stream.accept(pcm, offset, length);
                    } catch (RuntimeException | Error e) {
                        fail();
                        throw e;
                    }
                }

                @Override
                public Transcript finish() {
                    Transcript transcript;
                    try {
                        transcript = stream.finish();
                    } catch (RuntimeException | Error e) {
                        fail();
                        throw e;
                    }
                    if (!settled) {
                        settled = true;
                        guard.succeeded();
                    }
                    return transcript;
                }

                @Override
                public void close() {
                    if (!settled && Thread.currentThread().isInterrupted()) {
                        fail(); // abandoned at the pipeline's deadline
                    }
                    stream.close();
                }

                private void fail() {
                    if (!settled) {
                        settled = true;
                        guard.failed();
                    }
                }
            };
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
