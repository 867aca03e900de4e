package org.babelbridge.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.babelbridge.sip.SipCounters;
import org.junit.jupiter.api.Test;

class SipMetricsTest {

    @Test
    void exposesDropsByReasonAndAMeterPerResponseCodeIncludingCodesFirstSentAfterBinding() {
        SipCounters counters = new SipCounters();
        counters.responded(200);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new SipMetrics(counters).bindTo(registry);

        counters.responded(200);
        counters.responded(403);
        counters.dropped(SipCounters.DropReason.PSTN_CALLER_ID_NOT_FROM_TRUNK);

        assertThat(registry.get("sip.responses").tag("code", "200").functionCounter().count()).isEqualTo(2);
        assertThat(registry.get("sip.responses").tag("code", "403").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("sip.messages.dropped").tag("reason", "pstn_caller_id_not_from_trunk")
                .functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("sip.messages.dropped").tag("reason", "retransmission").functionCounter().count())
                .isZero();
    }
}
