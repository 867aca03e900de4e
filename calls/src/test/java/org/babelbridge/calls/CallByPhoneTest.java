package org.babelbridge.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A callee rung on an ordinary phone through a trunk: contact and busy rules apply, online does not. */
class CallByPhoneTest {

    private static final CallsContext CTX = new CallsContext();
    private final CallService calls = CTX.calls;

    @AfterAll
    static void close() {
        CTX.close();
    }

    @Test
    void startsACallToAnOfflineContactReachedByPhone() {
        UserAccount a = CTX.onlineUser("Alice", Language.EN);
        UserAccount b = CTX.user("Boris", Language.RU); // never online: an ordinary phone
        CTX.connect(a, b);
        assertThatThrownBy(() -> calls.authorize(a.id(), b.id())).isInstanceOf(RuleViolationException.class);

        calls.authorizeByPhone(a.id(), b.id());
        CallSession call = calls.startByPhone(a.id(), b.id());

        assertThat(call.active()).isTrue();
        assertThat(call.activeUserIds()).containsExactlyInAnyOrder(a.id(), b.id());
    }

    @Test
    void stillRefusesStrangersAndBusyPeople() {
        UserAccount a = CTX.onlineUser("Alice", Language.EN);
        UserAccount stranger = CTX.user("Stranger", Language.HE);
        assertThatThrownBy(() -> calls.startByPhone(a.id(), stranger.id()))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.NOT_A_CONTACT));
        UserAccount b = CTX.user("Boris", Language.RU);
        UserAccount c = CTX.onlineUser("Carol", Language.EN);
        CTX.connect(a, b, c);
        calls.startByPhone(c.id(), b.id());
        assertThatThrownBy(() -> calls.authorizeByPhone(a.id(), b.id()))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.BUSY));
    }
}
