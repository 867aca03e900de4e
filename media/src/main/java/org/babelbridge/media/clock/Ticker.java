package org.babelbridge.media.clock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One media thread: runs submitted commands, then every period ticks each registered
 * {@link Tickable} in registration order on a drift-free {@link TickSchedule}. Between ticks the
 * thread waits in its {@link IdleWaiter} (which may serve socket I/O). All state touched by
 * commands and ticks is confined to this thread, so stages need no locks. A command or tick that
 * throws is counted and the loop goes on.
 */
public final class Ticker implements AutoCloseable {
    private final MediaClock clock;
    private final IdleWaiter waiter;
    private final TickSchedule schedule;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final List<Tickable> tickables = new ArrayList<>();
    private volatile boolean running = true;
    private volatile long failures;
    private volatile long lastTickNanos;
    private volatile long busyNanos;
    private final int realtimePriority;
    private volatile boolean realtime;

    public Ticker(String name, MediaClock clock, long periodNs, long lateThresholdNs, IdleWaiter waiter) {
        this(name, clock, periodNs, lateThresholdNs, waiter, 0);
    }

    /** As above; with {@code realtimePriority} 1-99 the thread asks for real-time scheduling when it starts. */
    public Ticker(String name, MediaClock clock, long periodNs, long lateThresholdNs, IdleWaiter waiter,
                  int realtimePriority) {
        this.realtimePriority = realtimePriority;
        this.clock = clock;
        this.waiter = waiter;
        this.schedule = new TickSchedule(clock.nanoTime() + periodNs, periodNs, lateThresholdNs, 5);
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
        this.thread.setPriority(Thread.MAX_PRIORITY);
    }

    public void start() {
        thread.start();
    }

    /** Runs {@code command} on this ticker's thread before its next tick. Any thread; never blocks. */
    public void execute(Runnable command) {
        commands.add(command);
        waiter.wakeUp();
    }

    /** Registers {@code tickable} (from any thread; takes effect on the ticker thread). */
    public void add(Tickable tickable) {
        execute(() -> tickables.add(tickable));
    }

    public void remove(Tickable tickable) {
        execute(() -> tickables.remove(tickable));
    }

    public boolean isTickerThread() {
        return Thread.currentThread() == thread;
    }

    /** Whether this ticker's thread runs under real-time scheduling. */
    public boolean realtime() {
        return realtime;
    }

    private void loop() {
        if (realtimePriority > 0) {
            realtime = RealtimeScheduling.enter(realtimePriority, thread.getName());
        }
        while (running) {
            runCommands();
            long deadline = schedule.claim(clock.nanoTime());
            if (deadline < 0) {
                waiter.awaitUntil(schedule.nextDeadlineNs(), clock);
                continue;
            }
            long started = clock.nanoTime();
            for (int i = 0; i < tickables.size(); i++) {
                try {
                    tickables.get(i).onTick(deadline);
                } catch (RuntimeException e) {
                    failures++;
                }
            }
            long took = clock.nanoTime() - started;
            lastTickNanos = took;
            busyNanos += took;
        }
        runCommands();
    }

    private void runCommands() {
        Runnable command;
        while ((command = commands.poll()) != null) {
            try {
                command.run();
            } catch (RuntimeException e) {
                failures++;
            }
        }
    }

    public long ticks() {
        return schedule.ticks();
    }

    public long lateTicks() {
        return schedule.lateTicks();
    }

    public long skippedTicks() {
        return schedule.skippedTicks();
    }

    /** Commands and ticks that threw. */
    public long failures() {
        return failures;
    }

    /** Time spent inside ticks, in total; divide by ticks for the mean. */
    public long busyNanos() {
        return busyNanos;
    }

    public long lastTickNanos() {
        return lastTickNanos;
    }

    @Override
    public void close() {
        running = false;
        waiter.wakeUp();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
