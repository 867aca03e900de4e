package org.babelbridge.sip;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * What the SIP front dropped (by reason) and answered (by status code), counted as it happens for
 * {@code /metrics}. Counting is lock-free; a listener learns of each status code the first time it is
 * sent, so that a meter registry can add a meter for it. Thread-safe.
 */
public final class SipCounters {

    /** Why a message got no further than the front's edge. */
    public enum DropReason {
        /** A request that opens no server transaction (unusable headers the parser let through). */
        NO_TRANSACTION,
        /** A request the stack already has a transaction for: absorbed, not answered twice. */
        RETRANSMISSION,
        /** A response that matches no transaction of ours. */
        STRAY_RESPONSE,
        /** Refused with 403 before authentication: a PSTN caller ID from an address that is no trunk. */
        PSTN_CALLER_ID_NOT_FROM_TRUNK,
        /** Refused with 483: Max-Forwards exhausted. */
        TOO_MANY_HOPS,
        /** A new INVITE refused with 503 and Retry-After: the call-rule workers already have a full queue. */
        CALL_WORK_QUEUE_FULL;

        /** The tag value: lower case with underscores. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<DropReason, LongAdder> drops = new EnumMap<>(DropReason.class);
    private final Map<Integer, LongAdder> responses = new ConcurrentHashMap<>();
    private volatile IntConsumer newStatusListener = code -> { };

    public SipCounters() {
        for (DropReason reason : DropReason.values()) {
            drops.put(reason, new LongAdder());
        }
    }

    public void dropped(DropReason reason) {
        drops.get(reason).increment();
    }

    public long droppedCount(DropReason reason) {
        return drops.get(reason).sum();
    }

    /** Counts one response sent with {@code status}. */
    public void responded(int status) {
        LongAdder counter = responses.get(status);
        if (counter == null) {
            LongAdder created = new LongAdder();
            counter = responses.putIfAbsent(status, created);
            if (counter == null) {
                counter = created;
                newStatusListener.accept(status);
            }
        }
        counter.increment();
    }

    public long responseCount(int status) {
        LongAdder counter = responses.get(status);
        return counter == null ? 0 : counter.sum();
    }

    /** Responses sent so far by status code, in code order. */
    public Map<Integer, Long> responsesByStatus() {
        Map<Integer, Long> out = new TreeMap<>();
        responses.forEach((code, counter) -> out.put(code, counter.sum()));
        return out;
    }

    /**
     * Calls {@code listener} with every status code already counted, then with each new one when it is
     * first sent. One listener at a time.
     */
    public void onNewStatus(IntConsumer listener) {
        newStatusListener = listener;
        responses.keySet().forEach(listener::accept);
    }
}
