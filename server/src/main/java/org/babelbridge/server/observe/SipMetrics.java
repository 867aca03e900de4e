package org.babelbridge.server.observe;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;
import org.babelbridge.sip.SipCounters;

/**
 * The SIP front's counters as meters at {@code GET /metrics}: {@code sip_messages_dropped_total{reason}}
 * and {@code sip_responses_total{code}}, a meter per status code added the first time it is sent. Reads
 * the counters at scrape time only.
 */
@Singleton
final class SipMetrics implements MeterBinder {

    private final SipCounters counters;

    SipMetrics(SipCounters counters) {
        this.counters = counters;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (SipCounters.DropReason reason : SipCounters.DropReason.values()) {
            FunctionCounter.builder("sip.messages.dropped", counters, c -> c.droppedCount(reason))
                    .tag("reason", reason.tag())
                    .description("SIP messages dropped or refused at the front's edge, by reason")
                    .register(registry);
        }
        counters.onNewStatus(code -> FunctionCounter.builder("sip.responses", counters, c -> c.responseCount(code))
                .tag("code", String.valueOf(code))
                .description("SIP responses sent, by status code")
                .register(registry));
    }
}
