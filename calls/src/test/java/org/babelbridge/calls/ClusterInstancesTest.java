package org.babelbridge.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.time.Duration;
import org.babelbridge.db.CallParticipantRepository;
import org.babelbridge.db.CallRepository;
import org.babelbridge.db.UserRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two bridge instances on one database: each records the calls and connection-bound presence it holds, a
 * restart cleans up only its own, and a registration taken by one is seen by the other.
 */
class ClusterInstancesTest {

    private static final CallsContext CTX = new CallsContext();
    private static final BridgeInstance OTHER = new BridgeInstance("bridge-2");

    @AfterAll
    static void close() {
        CTX.close();
    }

    @SuppressWarnings("unchecked")
    private static TransactionOperations<Connection> tx() {
        return CTX.context.getBean(TransactionOperations.class);
    }

    private final PresenceService otherPresence = new PresenceService(tx(), CTX.clock, OTHER);
    private final CallService otherCalls = new CallService(CTX.context.getBean(CallRepository.class),
            CTX.context.getBean(CallParticipantRepository.class), CTX.context.getBean(UserRepository.class),
            CTX.contacts, otherPresence, tx(), CTX.clock, OTHER);

    @Test
    void aRestartedInstanceEndsOnlyTheCallsItCarried() {
        UserAccount a = CTX.onlineUser("A", Language.EN);
        UserAccount b = CTX.onlineUser("B", Language.RU);
        UserAccount c = CTX.onlineUser("C", Language.EN);
        UserAccount d = CTX.onlineUser("D", Language.HE);
        CTX.connect(a, b);
        CTX.connect(c, d);
        CallSession here = CTX.calls.start(a.id(), b.id());
        CallSession there = otherCalls.start(c.id(), d.id());
        assertThat(CTX.calls.ownerOf(here.id())).contains(BridgeInstance.DEFAULT_ID);
        assertThat(CTX.calls.ownerOf(there.id())).contains("bridge-2");
        CTX.clock.advance(Duration.ofSeconds(5));

        assertThat(otherCalls.reconcileCrashedCalls()).isEqualTo(1);

        assertThat(CTX.calls.find(there.id()).orElseThrow().notes()).isEqualTo(CallService.CRASH_NOTE);
        assertThat(CTX.calls.find(here.id()).orElseThrow().active()).isTrue();
        CTX.calls.leave(here.id(), a.id());
    }

    @Test
    void callsOfAnInstanceSilentTooLongAreEndedByAnother() {
        UserAccount a = CTX.onlineUser("A", Language.EN);
        UserAccount b = CTX.onlineUser("B", Language.RU);
        CTX.connect(a, b);
        InstanceRegistry mine = new InstanceRegistry(tx(), CTX.clock, CTX.context.getBean(BridgeInstance.class));
        InstanceRegistry theirs = new InstanceRegistry(tx(), CTX.clock, OTHER);
        theirs.beat();
        CallSession there = otherCalls.start(a.id(), b.id());

        CTX.clock.advance(Duration.ofSeconds(30));
        mine.beat();
        assertThat(mine.silentInstances(Duration.ofSeconds(60))).doesNotContain("bridge-2");
        CTX.clock.advance(Duration.ofSeconds(40));
        mine.beat();
        assertThat(mine.silentInstances(Duration.ofSeconds(60))).contains("bridge-2");
        assertThat(CTX.calls.endCallsOf(BridgeInstance.DEFAULT_ID)).isZero(); // never its own

        assertThat(CTX.calls.endCallsOf("bridge-2")).isEqualTo(1);

        CallSession ended = CTX.calls.find(there.id()).orElseThrow();
        assertThat(ended.active()).isFalse();
        assertThat(ended.notes()).isEqualTo(CallService.SILENT_OWNER_NOTE);
        assertThat(CTX.calls.activeCallOf(a.id())).isEmpty();
    }

    @Test
    void aRestartedInstanceForgetsOnlyItsOwnConnections() {
        UserAccount mine = CTX.user("Mine", Language.EN);
        UserAccount theirs = CTX.user("Theirs", Language.EN);
        CTX.presence.markOnline(mine.id(), "ws:mine", null);
        otherPresence.markOnline(theirs.id(), "ws:theirs", null);

        otherPresence.resetAfterRestart();

        assertThat(CTX.presence.isOnline(mine.id())).isTrue();
        assertThat(CTX.presence.isOnline(theirs.id())).isFalse();
    }

    @Test
    void failedLoginsCountAcrossInstances() {
        LoginThrottle.Limits limits = new LoginThrottle.Limits(3, 100, Duration.ofMinutes(15));
        LoginThrottle here = new LoginThrottle(limits, CTX.clock, tx());
        LoginThrottle there = new LoginThrottle(limits, CTX.clock, tx());
        here.recordFailure("Victim@Example.com", "10.0.0.1");
        there.recordFailure("victim@example.com", "10.0.0.2");
        assertThat(here.isLocked("victim@example.com", "10.0.0.3")).isFalse();
        here.recordFailure("victim@example.com", "10.0.0.3");

        assertThat(there.isLocked("victim@example.com", "10.0.0.4")).isTrue();
        CTX.clock.advance(Duration.ofMinutes(16));
        assertThat(there.isLocked("victim@example.com", "10.0.0.4")).isFalse();
        here.recordFailure("x".repeat(5000), "10.0.0.5"); // an absurd name is counted, not an error
    }

    @Test
    void registrationsAreSharedOrderedByCseqAndExpire() {
        SipRegistrationService registrations = CTX.context.getBean(SipRegistrationService.class);
        UserAccount u = CTX.user("Phone", Language.RU);
        var at = CTX.clock.instant();
        assertThat(registrations.save(new SipRegistration(u.id(), "phone", "sip:phone@10.0.0.1", "cid", 5,
                at.plusSeconds(60), "bridge-2"))).isTrue();
        // an older request of the same user agent, arriving late, changes nothing
        assertThat(registrations.save(new SipRegistration(u.id(), "phone", "sip:phone@10.0.0.1", "cid", 4,
                at.plusSeconds(600), BridgeInstance.DEFAULT_ID))).isFalse();

        assertThat(registrations.live(u.id())).singleElement().satisfies(r -> {
            assertThat(r.cseq()).isEqualTo(5);
            assertThat(r.instanceId()).isEqualTo("bridge-2");
            assertThat(r.expiresAt()).isEqualTo(at.plusSeconds(60));
        });
        CTX.clock.advance(Duration.ofSeconds(61));
        assertThat(registrations.live(u.id())).isEmpty();
        assertThat(registrations.deleteExpired()).extracting(SipRegistration::userId).contains(u.id());
    }
}
