package org.babelbridge.sip;

/**
 * How the SIP front runs the call rules' work (database reads and writes: checks, call start, leave, missed
 * calls) away from the SIP stack's parse-and-dispatch threads: {@code threads} workers, named
 * {@code sip-calls-N}, and room for {@code queueCapacity} waiting tasks. While that many wait, a new INVITE
 * is answered {@code 503} with {@code Retry-After: retryAfterSeconds} instead of queueing behind them.
 */
public record CallWorkSettings(int threads, int queueCapacity, int retryAfterSeconds) {

    public CallWorkSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("babel.sip.call-work-threads must be at least 1, not " + threads);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("babel.sip.call-work-queue must be at least 1, not " + queueCapacity);
        }
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("Retry-After cannot be negative: " + retryAfterSeconds);
        }
    }

    /**
     * Eight workers: about as many database connections as a default pool holds, so more threads would only
     * wait for a connection. A thousand waiting tasks are two seconds of call setups at 500 per second,
     * well inside the 32 s a phone waits for a final answer.
     */
    public static CallWorkSettings defaults() {
        return new CallWorkSettings(8, 1000, 5);
    }
}
