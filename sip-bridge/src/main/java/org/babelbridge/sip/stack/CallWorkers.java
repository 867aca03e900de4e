package org.babelbridge.sip.stack;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.babelbridge.sip.CallWorkSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The bounded pool that runs the call rules' work (database reads and writes) so that the SIP stack's
 * parse-and-dispatch threads never wait on it. Each call has its own {@link Lane}: its tasks run one at a
 * time in the order they were handed in (a BYE never overtakes the INVITE it ends), while different calls
 * run in parallel on the pool. A new call is admitted only while fewer than the queue capacity of tasks
 * wait; tasks of calls already admitted are always taken, since ending a call must not fail because others
 * are starting. Thread-safe.
 */
final class CallWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallWorkers.class);

    private final ThreadPoolExecutor pool;
    private final int queueCapacity;
    /** Tasks handed in and not started yet, over all lanes. */
    private final AtomicInteger waiting = new AtomicInteger();

    CallWorkers(CallWorkSettings settings, String threadNamePrefix) {
        this.queueCapacity = settings.queueCapacity();
        AtomicInteger threadNumber = new AtomicInteger();
        // Unbounded underneath: admission is decided per call by reserve(), so a running call's BYE is never refused.
        this.pool = new ThreadPoolExecutor(settings.threads(), settings.threads(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, threadNamePrefix + "-" + threadNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** A new serial lane for one call. */
    Lane newLane() {
        return new Lane();
    }

    /**
     * Reserves room for the first task of a new call; false when the queue is full. A reservation is used up
     * by {@link Lane#submitReserved}.
     */
    boolean reserve() {
        while (true) {
            int now = waiting.get();
            if (now >= queueCapacity) {
                return false;
            }
            if (waiting.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives back a reservation that will not be used (the INVITE could not even be told 100 Trying). */
    void unreserve() {
        waiting.decrementAndGet();
    }

    /** Tasks waiting to start, over all calls. */
    int waiting() {
        return waiting.get();
    }

    /** Lets the tasks already handed in finish for up to {@code waitMs}, then stops the workers. */
    void close(long waitMs) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(waitMs, TimeUnit.MILLISECONDS)) {
                LOG.warn("call-rule work still running after {} ms on shutdown: interrupted", waitMs);
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(5_000);
    }

    /** One call's tasks, run one at a time in order on the pool. */
    final class Lane {
        private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        /** True while a drain of this lane is queued on or running in the pool. */
        private boolean scheduled;
        /** The worker running this lane's task now, so that work handed in from that task runs inline. */
        private volatile Thread runner;

        private Lane() {
        }

        /** Hands in a task of a call already admitted: always taken. */
        void submit(Runnable task) {
            waiting.incrementAndGet();
            enqueue(task);
        }

        /** Hands in the task a {@link CallWorkers#reserve()} made room for. */
        void submitReserved(Runnable task) {
            enqueue(task);
        }

        /**
         * Runs {@code work} after the tasks already handed in and waits for its result (for callers outside
         * the SIP stack, such as the REST API). Runs it at once when called from this lane's own task.
         */
        <T> T call(Supplier<T> work) {
            if (runner == Thread.currentThread()) {
                return work.get();
            }
            CompletableFuture<T> result = new CompletableFuture<>();
            submit(() -> {
                try {
                    result.complete(work.get());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
            try {
                return result.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e;
            }
        }

        private void enqueue(Runnable task) {
            Runnable withLogContext = withLogContext(task);
            boolean start;
            synchronized (this) {
                tasks.add(withLogContext);
                start = !scheduled;
                scheduled = true;
            }
            if (start) {
                schedule();
            }
        }

        private void schedule() {
            try {
                pool.execute(this::runNext);
            } catch (RejectedExecutionException e) {
                // Shut down: the last events (a BYE during shutdown) still get their work, on the caller's thread.
                drainHere();
            }
        }

        private void runNext() {
            Runnable task;
            synchronized (this) {
                task = tasks.poll();
            }
            if (task != null) {
                run(task);
            }
            synchronized (this) {
                if (tasks.isEmpty()) {
                    scheduled = false;
                    return;
                }
            }
            // One task per turn: a call with many events does not hold a worker while others wait.
            schedule();
        }

        private void drainHere() {
            while (true) {
                Runnable task;
                synchronized (this) {
                    task = tasks.poll();
                    if (task == null) {
                        scheduled = false;
                        return;
                    }
                }
                run(task);
            }
        }

        private void run(Runnable task) {
            waiting.decrementAndGet();
            runner = Thread.currentThread();
            try {
                task.run();
            } catch (Throwable t) {
                // Caught so that the lane goes on with the call's next events.
                LOG.error("call-rule work failed", t);
                if (t instanceof VirtualMachineError fatal) {
                    throw fatal;
                }
            } finally {
                runner = null;
            }
        }
    }

    /** The submitting thread's log context (call id, stage) carried over to the worker. */
    private static Runnable withLogContext(Runnable task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            if (context == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(context);
            }
            try {
                task.run();
            } finally {
                if (previous == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(previous);
                }
            }
        };
    }
}
