package org.babelbridge.media.clock;

/**
 * The media engine's time source, injected so tests can advance time instead of sleeping.
 * Monotonic nanoseconds with an arbitrary origin, like {@link System#nanoTime()}.
 */
@FunctionalInterface
public interface MediaClock {

    long nanoTime();

    /** The system monotonic clock. */
    static MediaClock system() {
        return System::nanoTime;
    }
}
