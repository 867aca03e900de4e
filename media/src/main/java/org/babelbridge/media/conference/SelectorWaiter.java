package org.babelbridge.media.conference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.babelbridge.media.clock.IdleWaiter;
import org.babelbridge.media.clock.MediaClock;

/**
 * Spends a ticker's idle time in a selector over its legs' sockets, so each datagram is handled the
 * moment it arrives (arrival times are real, not rounded to the tick). Owns the thread's receive
 * buffer. Confined to the ticker thread except {@link #wakeUp()}.
 */
final class SelectorWaiter implements IdleWaiter {
    private final Selector selector;
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(2048);
    private final Consumer<SelectionKey> onReady = this::onReady;
    private MediaClock clock;
    private volatile long failures;

    SelectorWaiter() {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for media I/O", e);
        }
    }

    Selector selector() {
        return selector;
    }

    @Override
    public void awaitUntil(long deadlineNs, MediaClock mediaClock) {
        this.clock = mediaClock;
        long remaining = deadlineNs - mediaClock.nanoTime();
        try {
            if (remaining >= 1_000_000L) {
                selector.select(onReady, remaining / 1_000_000L);
            } else {
                selector.selectNow(onReady);
                if (remaining > 0) {
                    LockSupport.parkNanos(remaining);
                }
            }
        } catch (IOException | RuntimeException e) {
            // A broken selector must not stop the clock; the next tick retries.
            LockSupport.parkNanos(Math.max(remaining, 0));
        }
    }

    private void onReady(SelectionKey key) {
        if (key.attachment() instanceof MediaLeg leg && key.isValid()) {
            try {
                leg.onReadable(key.channel(), receiveBuffer, clock);
            } catch (RuntimeException e) {
                // One leg's failure must not hold up the packets of the other legs on this thread.
                failures++;
            }
        }
    }

    /** Datagram handlers that threw (the packet was dropped). */
    long failures() {
        return failures;
    }

    @Override
    public void wakeUp() {
        selector.wakeup();
    }

    void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing on shutdown; nothing left to serve
        }
    }
}
