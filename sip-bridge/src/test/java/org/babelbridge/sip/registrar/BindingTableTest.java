package org.babelbridge.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.babelbridge.sip.Presence;
import org.junit.jupiter.api.Test;

class BindingTableTest {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final List<String> events = new ArrayList<>();
    private final BindingTable table = new BindingTable(clock, new Presence() {
        @Override
        public void online(long userId, String contactUri, Instant expiresAt) {
            events.add("online " + userId + " " + contactUri + " until " + expiresAt);
        }

        @Override
        public void offline(long userId, String contactUri) {
            events.add("offline " + userId + " " + contactUri);
        }
    });

    @Test
    void reportsEachContactOnlineAndOffline() {
        table.put(binding("sip:a@1.1.1.1", "c1", 1, 60));
        table.put(binding("sip:a@2.2.2.2", "c2", 1, 120));
        table.remove(1, "sip:a@1.1.1.1");
        table.remove(1, "sip:a@2.2.2.2");
        assertThat(events).containsExactly("online 1 sip:a@1.1.1.1 until 2026-01-01T00:01:00Z",
                "online 1 sip:a@2.2.2.2 until 2026-01-01T00:02:00Z", "offline 1 sip:a@1.1.1.1",
                "offline 1 sip:a@2.2.2.2");
        assertThat(table.contacts(1)).isEmpty();
    }

    @Test
    void sweepsExpiredContactsAndReportsOffline() {
        table.put(binding("sip:a@1.1.1.1", "c1", 1, 60));
        now = now.plus(Duration.ofSeconds(59));
        table.sweep();
        assertThat(table.contacts(1)).hasSize(1);
        now = now.plus(Duration.ofSeconds(2));
        assertThat(table.contacts(1)).isEmpty();
        table.sweep();
        assertThat(events).last().isEqualTo("offline 1 sip:a@1.1.1.1");
    }

    @Test
    void ignoresOutOfOrderRefreshFromSameUserAgent() {
        table.put(binding("sip:a@1.1.1.1", "c1", 5, 600));
        table.put(binding("sip:a@1.1.1.1", "c1", 4, 60));
        assertThat(table.contacts(1).get(0).cseq()).isEqualTo(5);
    }

    @Test
    void anOutOfOrderRefreshIsNotReportedToPresence() {
        table.put(binding("sip:a@1.1.1.1", "c1", 5, 600));
        table.put(binding("sip:a@1.1.1.1", "c1", 4, 60));
        assertThat(events).containsExactly("online 1 sip:a@1.1.1.1 until 2026-01-01T00:10:00Z");
    }

    private Binding binding(String contact, String callId, long cseq, int expiresSeconds) {
        return new Binding(1, "alice", contact, callId, cseq, now.plusSeconds(expiresSeconds));
    }
}
