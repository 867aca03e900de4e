package org.babelbridge.speech.pipeline;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.stt.RecognitionListener;
import org.babelbridge.speech.stt.RecognitionStream;
import org.babelbridge.speech.stt.SpeechRecognizer;
import org.babelbridge.speech.stt.Transcript;
import org.babelbridge.speech.tts.SpeechSynthesizer;
import org.babelbridge.speech.tts.Voice;

/**
 * The machine's budget for speech engines that compute on its own CPUs (PocketSphinx, espeak-ng, Vosk):
 * at most {@link #permits()} recognition streams and syntheses compute at once, however many calls speak,
 * so that the media threads keep a core. Engines reached over the network are not limited.
 *
 * <p>Engines are limited through the decorators {@link #recognizer} (a stream holds a permit from open to
 * finish or close) and {@link #synthesizer} (a synthesis holds one while it speaks). A request is granted
 * only when both a permit and a slot of its own engine (decoders, a process-wide native instance) are
 * free, so no permit is held by a thread that cannot compute yet. Waiting is interruptible: the pipeline's
 * stage deadline interrupts a wait as it interrupts an engine call, so the wait counts against that
 * deadline and ends with {@link LocalEngineWaitInterruptedException}.
 *
 * <p>Waiters are served newest first. Every request waits under a deadline of about the same length, so
 * when more arrive than the engines can serve, the oldest waiter is the nearest to its deadline: granted,
 * it would most likely be cut off halfway and waste the core, while the newest has its whole deadline
 * ahead. First come, first served would let every request wait until just before its deadline and
 * complete almost none. Thread-safe.
 */
public final class LocalEngineBudget {

    private final int permits;
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock: free permits, and the waiters with the newest first.
    private int freePermits;
    private final Deque<Waiter> waiters = new ArrayDeque<>();
    private final AtomicLong granted = new AtomicLong();
    private final AtomicLong waitNanos = new AtomicLong();
    private final AtomicLong interrupted = new AtomicLong();

    /**
     * @param permits engine computations allowed at once
     * @throws IllegalArgumentException if {@code permits} is below 1
     */
    public LocalEngineBudget(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("speech.local-engine-threads must be at least 1, not " + permits);
        }
        this.permits = permits;
        this.freePermits = permits;
    }

    /** One core fewer than the machine has (at least one): the remaining core is the media threads'. */
    public static int defaultPermits() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    public int permits() {
        return permits;
    }

    /** Counters and state, for metrics. */
    public LocalEngineBudgetStats stats() {
        int inUse;
        int waiting;
        lock.lock();
        try {
            inUse = permits - freePermits;
            waiting = waiters.size();
        } finally {
            lock.unlock();
        }
        return new LocalEngineBudgetStats(permits, inUse, waiting, granted.get(), waitNanos.get(), interrupted.get());
    }

    /**
     * Limits a recogniser that computes locally: each stream holds a permit from open to finish or close.
     *
     * @param engineConcurrency streams the engine itself serves at once (e.g. PocketSphinx decoders)
     */
    public SpeechRecognizer recognizer(SpeechRecognizer engine, int engineConcurrency) {
        return new BudgetedRecognizer(Objects.requireNonNull(engine, "engine"), new Slot(engine, engineConcurrency));
    }

    /**
     * Limits a synthesiser that computes locally: each synthesis holds a permit until it returns.
     *
     * @param engineConcurrency syntheses the engine itself runs at once (1 for espeak-ng's process-wide instance)
     */
    public SpeechSynthesizer synthesizer(SpeechSynthesizer engine, int engineConcurrency) {
        return new BudgetedSynthesizer(Objects.requireNonNull(engine, "engine"), new Slot(engine, engineConcurrency));
    }

    /** A decorator of this budget, which reports under the name of the engine it limits. */
    interface Limited {
        Object engine();
    }

    /** A thread waiting for a permit and a slot of its engine. */
    private static final class Waiter {
        final Slot slot;
        final Condition grantedSignal;
        boolean granted;

        Waiter(Slot slot, Condition grantedSignal) {
            this.slot = slot;
            this.grantedSignal = grantedSignal;
        }
    }

    /** Hands free permits to the newest waiters whose engine has a free slot. Holding the lock. */
    private void grantToWaiters() {
        for (Iterator<Waiter> newestFirst = waiters.iterator(); freePermits > 0 && newestFirst.hasNext(); ) {
            Waiter waiter = newestFirst.next();
            if (waiter.slot.freeSlots > 0) {
                newestFirst.remove();
                waiter.slot.freeSlots--;
                freePermits--;
                waiter.granted = true;
                waiter.grantedSignal.signal();
            }
        }
    }

    /** One engine's share of the budget: its own concurrency, counted under the budget's lock. */
    private final class Slot {
        private final String engineName;
        private int freeSlots; // guarded by lock

        Slot(Object engine, int engineConcurrency) {
            if (engineConcurrency < 1) {
                throw new IllegalArgumentException("engine concurrency must be at least 1, not " + engineConcurrency);
            }
            this.engineName = engine.getClass().getSimpleName();
            this.freeSlots = engineConcurrency;
        }

        void acquire() {
            long start = System.nanoTime();
            lock.lock();
            try {
                if (freePermits > 0 && freeSlots > 0) {
                    // Anyone waiting needs an engine slot that is busy: nobody is passed over.
                    freePermits--;
                    freeSlots--;
                    granted.incrementAndGet();
                    return;
                }
                Waiter waiter = new Waiter(this, lock.newCondition());
                waiters.addFirst(waiter);
                try {
                    while (!waiter.granted) {
                        waiter.grantedSignal.await();
                    }
                } catch (InterruptedException e) {
                    if (waiter.granted) {
                        release(); // granted as the interrupt came: pass it on
                    } else {
                        waiters.remove(waiter);
                    }
                    interrupted.incrementAndGet();
                    Thread.currentThread().interrupt();
                    throw new LocalEngineWaitInterruptedException(engineName + " was still waiting for one of the "
                            + permits + " local speech engine permits after "
                            + (System.nanoTime() - start) / 1_000_000 + " ms");
                } finally {
                    waitNanos.addAndGet(System.nanoTime() - start);
                }
                granted.incrementAndGet();
            } finally {
                lock.unlock();
            }
        }

        /** A permit and a slot of this engine are free and nobody waits for them. */
        boolean free() {
            lock.lock();
            try {
                return freePermits > 0 && freeSlots > 0 && waiters.isEmpty();
            } finally {
                lock.unlock();
            }
        }

        void release() {
            lock.lock();
            try {
                freePermits++;
                freeSlots++;
                grantToWaiters();
            } finally {
                lock.unlock();
            }
        }
    }

    private static final class BudgetedRecognizer implements SpeechRecognizer, Limited {
        private final SpeechRecognizer delegate;
        private final Slot slot;

        BudgetedRecognizer(SpeechRecognizer delegate, Slot slot) {
            this.delegate = delegate;
            this.slot = slot;
        }

        @Override
        public Object engine() {
            return delegate;
        }

        @Override
        public Set<Language> languages() {
            return delegate.languages();
        }

        @Override
        public boolean idleNow() {
            return slot.free() && delegate.idleNow();
        }

        @Override
        public RecognitionStream open(Language language, RecognitionListener listener) {
            if (!delegate.languages().contains(language)) {
                return delegate.open(language, listener); // the engine's own error, without waiting for a permit
            }
            slot.acquire();
            RecognitionStream stream;
            try {
                stream = delegate.open(language, listener);
            } catch (RuntimeException | Error e) {
                slot.release();
                throw e;
            }
            return new BudgetedStream(stream, slot);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private static final class BudgetedStream implements RecognitionStream {
        private final RecognitionStream delegate;
        private final Slot slot;
        private boolean released;

        BudgetedStream(RecognitionStream delegate, Slot slot) {
            this.delegate = delegate;
            this.slot = slot;
        }

        @Override
        public void accept(short[] pcm, int offset, int length) {
            delegate.accept(pcm, offset, length);
        }

        @Override
        public Transcript finish() {
            try {
                return delegate.finish();
            } finally {
                release();
            }
        }

        @Override
        public void close() {
            try {
                delegate.close();
            } finally {
                release();
            }
        }

        private void release() {
            if (!released) {
                released = true;
                slot.release();
            }
        }
    }

    private static final class BudgetedSynthesizer implements SpeechSynthesizer, Limited {
        private final SpeechSynthesizer delegate;
        private final Slot slot;

        BudgetedSynthesizer(SpeechSynthesizer delegate, Slot slot) {
            this.delegate = delegate;
            this.slot = slot;
        }

        @Override
        public Object engine() {
            return delegate;
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
            slot.acquire();
            try {
                delegate.synthesize(text, language, voice, audio);
            } finally {
                slot.release();
            }
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
