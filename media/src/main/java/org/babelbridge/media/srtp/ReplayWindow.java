package org.babelbridge.media.srtp;

/**
 * The replay list of RFC 3711 3.3.2: the highest packet index authenticated so far and a 64-packet
 * bitmap behind it. A packet is checked before authentication and recorded only after it passes, so
 * forged packets cannot move the window. Confined to one thread; allocates nothing.
 */
final class ReplayWindow {
    static final int SIZE = 64;

    private boolean started;
    private long highest;
    private long seen;

    /** False for an index already received or too far behind the window. */
    boolean isFresh(long index) {
        if (!started) {
            return true;
        }
        long delta = index - highest;
        if (delta > 0) {
            return true;
        }
        long behind = -delta;
        return behind < SIZE && (seen & (1L << behind)) == 0;
    }

    /** Records an authenticated index. */
    void accept(long index) {
        if (!started) {
            started = true;
            highest = index;
            seen = 1;
            return;
        }
        long delta = index - highest;
        if (delta > 0) {
            seen = delta >= SIZE ? 1 : (seen << delta) | 1;
            highest = index;
        } else {
            seen |= 1L << -delta;
        }
    }

    long highest() {
        return highest;
    }

    boolean started() {
        return started;
    }

    void reset() {
        started = false;
        highest = 0;
        seen = 0;
    }
}
