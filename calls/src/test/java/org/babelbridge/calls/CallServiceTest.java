package org.babelbridge.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CallServiceTest {

    private static final CallsContext CTX = new CallsContext();
    private final CallService calls = CTX.calls;

    @AfterAll
    static void close() {
        CTX.close();
    }

    @Test
    void rejectsACallToSomeoneNotInTheContacts() {
        UserAccount a = CTX.onlineUser("Alice", Language.HE);
        UserAccount b = CTX.onlineUser("Bob", Language.EN);
        assertViolation(() -> calls.start(a.id(), b.id()), Violation.NOT_A_CONTACT, "Contact not authorized");
    }

    @Test
    void checksContactBeforeOnlineBeforeBusy() {
        UserAccount a = CTX.onlineUser("Alice", Language.HE);
        UserAccount b = CTX.user("Bob", Language.EN); // offline
        assertViolation(() -> calls.authorize(a.id(), b.id()), Violation.NOT_A_CONTACT, "Contact not authorized");
        CTX.connect(a, b);
        assertViolation(() -> calls.authorize(a.id(), b.id()), Violation.OFFLINE, "User offline");
        CTX.presence.markOnline(b.id(), "ws:b", null);
        UserAccount c = CTX.onlineUser("Carol", Language.RU);
        CTX.connect(b, c);
        calls.start(b.id(), c.id());
        assertViolation(() -> calls.authorize(a.id(), b.id()), Violation.BUSY, "Already in call");
    }

    @Test
    void blockedContactCannotCallInEitherDirection() {
        UserAccount a = CTX.onlineUser("Alice", Language.HE);
        UserAccount b = CTX.onlineUser("Bob", Language.EN);
        CTX.connect(a, b);
        Contact bobInAlice = CTX.contacts.list(a.id()).get(0);
        CTX.contacts.setBlocked(a.id(), bobInAlice.id(), true);
        assertViolation(() -> calls.authorize(b.id(), a.id()), Violation.NOT_A_CONTACT, "Contact not authorized");
        assertViolation(() -> calls.authorize(a.id(), b.id()), Violation.NOT_A_CONTACT, "Contact not authorized");
    }

    @Test
    void startsACallInTheCallersLanguageWithPerParticipantFlags() {
        UserAccount a = CTX.onlineUser("Alice", Language.HE);
        UserAccount b = CTX.onlineUser("Bob", Language.EN);
        CTX.connect(a, b);
        setVoice(b.id(), true, 85);

        CallSession call = calls.start(a.id(), b.id());

        assertThat(call.callLanguage()).isEqualTo(Language.HE);
        assertThat(call.status()).isEqualTo(CallStatus.ONGOING);
        assertThat(call.active()).isTrue();
        assertThat(call.callerUserId()).isEqualTo(a.id());
        assertThat(call.participants()).extracting(CallParticipant::userId).containsExactlyInAnyOrder(a.id(), b.id());
        CallParticipant alice = participant(call, a.id());
        CallParticipant bob = participant(call, b.id());
        assertThat(alice.dubbingRequired()).isFalse();
        assertThat(alice.voiceCloneQuality()).isEqualTo(VoiceCloneQuality.FALLBACK);
        assertThat(alice.useVoiceClone()).isFalse();
        assertThat(bob.dubbingRequired()).isTrue();
        assertThat(bob.useVoiceClone()).isTrue();
        assertThat(bob.voiceCloneQuality()).isEqualTo(VoiceCloneQuality.EXCELLENT);
        assertThat(calls.activeCallOf(b.id())).map(CallSession::id).contains(call.id());
        calls.leave(call.id(), a.id());
    }

    @Test
    void gradesVoiceClonesAsTheSeedSays() {
        assertThat(VoiceCloneQuality.of(true, 81)).isEqualTo(VoiceCloneQuality.EXCELLENT);
        assertThat(VoiceCloneQuality.of(true, 80)).isEqualTo(VoiceCloneQuality.GOOD);
        assertThat(VoiceCloneQuality.of(true, 61)).isEqualTo(VoiceCloneQuality.GOOD);
        assertThat(VoiceCloneQuality.of(true, 60)).isEqualTo(VoiceCloneQuality.FALLBACK);
        assertThat(VoiceCloneQuality.of(false, 95)).isEqualTo(VoiceCloneQuality.FALLBACK);
    }

    @Test
    void twoRacingInitiationsForTheSameUserLetExactlyOneSucceed() throws Exception {
        for (int round = 0; round < 5; round++) {
            UserAccount target = CTX.onlineUser("Target", Language.EN);
            UserAccount x = CTX.onlineUser("X", Language.HE);
            UserAccount y = CTX.onlineUser("Y", Language.RU);
            CTX.connect(x, target);
            CTX.connect(y, target);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<CallSession>> results = new ArrayList<>();
                for (UserAccount caller : List.of(x, y)) {
                    Callable<CallSession> attempt = () -> {
                        go.await();
                        return calls.start(caller.id(), target.id());
                    };
                    results.add(pool.submit(attempt));
                }
                go.countDown();
                int succeeded = 0;
                int busy = 0;
                for (Future<CallSession> f : results) {
                    try {
                        f.get();
                        succeeded++;
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(RuleViolationException.class);
                        assertThat(((RuleViolationException) e.getCause()).violation()).isEqualTo(Violation.BUSY);
                        busy++;
                    }
                }
                assertThat(succeeded).isEqualTo(1);
                assertThat(busy).isEqualTo(1);
                calls.leave(calls.activeCallOf(target.id()).orElseThrow().id(), target.id());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void crossingInitiationsBetweenTwoUsersLetExactlyOneSucceed() throws Exception {
        UserAccount a = CTX.onlineUser("A", Language.EN);
        UserAccount b = CTX.onlineUser("B", Language.HE);
        CTX.connect(a, b);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<CallSession> ab = pool.submit(() -> {
                go.await();
                return calls.start(a.id(), b.id());
            });
            Future<CallSession> ba = pool.submit(() -> {
                go.await();
                return calls.start(b.id(), a.id());
            });
            go.countDown();
            int ok = 0;
            for (Future<CallSession> f : List.of(ab, ba)) {
                try {
                    f.get();
                    ok++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(((RuleViolationException) e.getCause()).violation()).isEqualTo(Violation.BUSY);
                }
            }
            assertThat(ok).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void allowsTwoToFourParticipants() {
        UserAccount a = CTX.onlineUser("A", Language.HE);
        UserAccount b = CTX.onlineUser("B", Language.EN);
        UserAccount c = CTX.onlineUser("C", Language.RU);
        UserAccount d = CTX.onlineUser("D", Language.EN);
        UserAccount e = CTX.onlineUser("E", Language.HE);
        CTX.connect(a, b, c, d, e);
        CallSession call = calls.start(a.id(), b.id());
        calls.addParticipant(call.id(), a.id(), c.id());
        CallSession four = calls.addParticipant(call.id(), b.id(), d.id());
        assertThat(four.activeUserIds()).hasSize(4);
        assertThat(four.participantCount()).isEqualTo(4);
        assertThat(participant(four, c.id()).dubbingRequired()).isTrue();

        assertViolation(() -> calls.addParticipant(call.id(), a.id(), e.id()), Violation.CALL_FULL,
                "a call has at most 4 participants");

        calls.leave(call.id(), d.id());
        assertThat(calls.addParticipant(call.id(), a.id(), e.id()).activeUserIds()).hasSize(4);
        calls.leave(call.id(), a.id());
        calls.leave(call.id(), b.id());
        calls.leave(call.id(), c.id());
    }

    @Test
    void onlyAParticipantCanInviteAndOnlyTheirContacts() {
        UserAccount a = CTX.onlineUser("A", Language.HE);
        UserAccount b = CTX.onlineUser("B", Language.EN);
        UserAccount stranger = CTX.onlineUser("S", Language.RU);
        UserAccount outsider = CTX.onlineUser("O", Language.RU);
        CTX.connect(a, b);
        CTX.connect(outsider, stranger);
        CallSession call = calls.start(a.id(), b.id());
        assertViolation(() -> calls.addParticipant(call.id(), outsider.id(), stranger.id()),
                Violation.NOT_A_PARTICIPANT, "Not a participant of this call");
        assertViolation(() -> calls.addParticipant(call.id(), a.id(), stranger.id()), Violation.NOT_A_CONTACT,
                "Contact not authorized");
        calls.leave(call.id(), a.id());
    }

    @Test
    void endsTheCallWhenFewerThanTwoRemainWithItsDuration() {
        UserAccount a = CTX.onlineUser("A", Language.HE);
        UserAccount b = CTX.onlineUser("B", Language.EN);
        UserAccount c = CTX.onlineUser("C", Language.RU);
        CTX.connect(a, b, c);
        CallSession call = calls.start(a.id(), b.id());
        calls.addParticipant(call.id(), a.id(), c.id());
        CTX.clock.advance(Duration.ofSeconds(42));

        LeaveResult first = calls.leave(call.id(), c.id());
        assertThat(first.callEnded()).isFalse();
        assertThat(first.remainingUserIds()).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(first.call().active()).isTrue();

        CTX.clock.advance(Duration.ofSeconds(83));
        LeaveResult second = calls.leave(call.id(), b.id());
        assertThat(second.callEnded()).isTrue();
        assertThat(second.remainingUserIds()).containsExactly(a.id());
        assertThat(second.call().status()).isEqualTo(CallStatus.ENDED);
        assertThat(second.call().active()).isFalse();
        assertThat(second.call().durationSeconds()).isEqualTo(125);
        assertThat(second.call().endedAt()).isEqualTo(CTX.clock.instant());
        assertThat(second.call().activeUserIds()).isEmpty();
        assertThat(calls.activeCallOf(a.id())).isEmpty();
        assertViolation(() -> calls.leave(call.id(), a.id()), Violation.NOT_A_PARTICIPANT,
                "Not a participant of this call");
    }

    @Test
    void recordsAMissedCall() {
        UserAccount a = CTX.onlineUser("A", Language.HE);
        UserAccount b = CTX.onlineUser("B", Language.EN);
        CTX.connect(a, b);
        CallSession missed = calls.recordMissed(a.id(), b.id());
        assertThat(missed.status()).isEqualTo(CallStatus.MISSED);
        assertThat(missed.active()).isFalse();
        assertThat(missed.durationSeconds()).isZero();
        assertThat(missed.activeUserIds()).isEmpty();
        assertThat(calls.history(b.id(), 0, 10)).extracting(CallSession::id).contains(missed.id());
        calls.leave(calls.start(a.id(), b.id()).id(), a.id()); // neither is left busy
    }

    @Test
    void mutesAndUnmutesAParticipant() {
        UserAccount a = CTX.onlineUser("A", Language.HE);
        UserAccount b = CTX.onlineUser("B", Language.HE);
        CTX.connect(a, b);
        CallSession call = calls.start(a.id(), b.id());
        assertThat(participant(calls.setMuted(call.id(), a.id(), true), a.id()).muted()).isTrue();
        assertThat(calls.routingPlan(call.id()).from(a.id())).allMatch(Route::speakerMuted);
        assertThat(participant(calls.setMuted(call.id(), a.id(), false), a.id()).muted()).isFalse();
        calls.leave(call.id(), a.id());
    }

    @Test
    void routesEachSpeakerListenerPairByTheirOwnLanguages() {
        UserAccount he = CTX.onlineUser("Hebrew", Language.HE);
        UserAccount en = CTX.onlineUser("English", Language.EN);
        UserAccount ru = CTX.onlineUser("Russian", Language.RU);
        UserAccount he2 = CTX.onlineUser("Hebrew2", Language.HE);
        CTX.connect(he, en, ru, he2);
        setVoice(en.id(), true, 70);
        setVoice(ru.id(), true, 55);
        CallSession call = calls.start(he.id(), en.id());
        calls.addParticipant(call.id(), he.id(), ru.id());
        calls.addParticipant(call.id(), he.id(), he2.id());

        RoutingPlan plan = calls.routingPlan(call.id());

        assertThat(plan.routes()).hasSize(12);
        // English speaker to Russian listener: translate to Russian in the English speaker's own clone,
        // although the call language is Hebrew (the seed's rule would have got this wrong)
        assertThat(route(plan, en, ru)).isEqualTo(new Route(en.id(), ru.id(), Language.EN, Language.RU,
                Route.Kind.TRANSLATE, Route.Voice.SPEAKER_CLONE, false));
        assertThat(route(plan, ru, en).voice()).isEqualTo(Route.Voice.STANDARD);
        assertThat(route(plan, he, he2).kind()).isEqualTo(Route.Kind.PASSTHROUGH);
        assertThat(route(plan, he, he2).voice()).isNull();
        assertThat(route(plan, he, en).kind()).isEqualTo(Route.Kind.TRANSLATE);
        assertThat(route(plan, he, en).voice()).isEqualTo(Route.Voice.STANDARD);
        assertThat(plan.translationTargetsOf(he.id())).containsExactlyInAnyOrder(Language.EN, Language.RU);
        assertThat(plan.translationTargetsOf(en.id())).containsExactlyInAnyOrder(Language.HE, Language.RU);
        calls.leave(call.id(), he.id());
        calls.leave(call.id(), en.id());
        calls.leave(call.id(), ru.id());
    }

    @Test
    void reconcilesCallsLeftActiveByACrash() {
        UserAccount a = CTX.onlineUser("A", Language.HE);
        UserAccount b = CTX.onlineUser("B", Language.EN);
        CTX.connect(a, b);
        CallSession call = calls.start(a.id(), b.id());
        CTX.clock.advance(Duration.ofSeconds(30));

        assertThat(calls.reconcileCrashedCalls()).isGreaterThanOrEqualTo(1);

        CallSession after = calls.find(call.id()).orElseThrow();
        assertThat(after.active()).isFalse();
        assertThat(after.status()).isEqualTo(CallStatus.ENDED);
        assertThat(after.durationSeconds()).isEqualTo(30);
        assertThat(after.notes()).isEqualTo(CallService.CRASH_NOTE);
        assertThat(after.activeUserIds()).isEmpty();
        assertThat(calls.activeCallOf(a.id())).isEmpty();
        assertThat(calls.reconcileCrashedCalls()).isZero();
    }

    @Test
    void historyShowsOnlyTheUsersOwnCallsNewestFirst() {
        UserAccount a = CTX.onlineUser("A", Language.HE);
        UserAccount b = CTX.onlineUser("B", Language.EN);
        UserAccount c = CTX.onlineUser("C", Language.RU);
        CTX.connect(a, b, c);
        CallSession first = calls.start(a.id(), b.id());
        calls.leave(first.id(), b.id());
        CTX.clock.advance(Duration.ofSeconds(1));
        CallSession second = calls.start(a.id(), b.id());
        calls.leave(second.id(), a.id());
        assertThat(calls.history(a.id(), 0, 10)).extracting(CallSession::id).containsExactly(second.id(), first.id());
        assertThat(calls.history(c.id(), 0, 10)).isEmpty();
    }

    @Test
    void deletingAUserInACallEndsItAndKeepsHistory() {
        UserAccount a = CTX.onlineUser("A", Language.HE);
        UserAccount b = CTX.onlineUser("B", Language.EN);
        CTX.connect(a, b);
        CallSession call = calls.start(a.id(), b.id());
        CTX.accounts.delete(a.id());
        CallSession after = calls.find(call.id()).orElseThrow();
        assertThat(after.callerUserId()).isNull();
        assertThat(after.status()).isEqualTo(CallStatus.ENDED);
        assertThat(calls.activeCallOf(b.id())).isEmpty();
    }

    private static Route route(RoutingPlan plan, UserAccount speaker, UserAccount listener) {
        return plan.routes().stream()
                .filter(r -> r.speakerUserId() == speaker.id() && r.listenerUserId() == listener.id())
                .findFirst().orElseThrow();
    }

    private static CallParticipant participant(CallSession call, long userId) {
        return call.participants().stream().filter(p -> p.userId() == userId).findFirst().orElseThrow();
    }

    private static void setVoice(long userId, boolean trained, int score) {
        try (Connection c = CTX.db.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE users SET voice_model_trained = " + trained + ", voice_quality_score = " + score
                    + " WHERE id = " + userId);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertViolation(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
                                        Violation violation, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RuleViolationException.class, e -> {
            assertThat(e.violation()).isEqualTo(violation);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
