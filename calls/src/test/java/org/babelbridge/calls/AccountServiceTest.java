package org.babelbridge.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class AccountServiceTest {

    private static final CallsContext CTX = new CallsContext(Map.of(
            "babel.accounts.login.failures-per-account", "3",
            "babel.accounts.login.failures-per-source", "6",
            "babel.accounts.login.window-seconds", "60"));
    private final AccountService accounts = CTX.accounts;

    @AfterAll
    static void close() {
        CTX.close();
    }

    @Test
    void registersWithNormalisedEmailAndE164Phone() {
        UserAccount u = accounts.register(new Registration("  Dana@Example.COM ", "long enough pw", "Dana Levi", "he",
                "00972-50-123-4567"));
        assertThat(u.email()).isEqualTo("dana@example.com");
        assertThat(u.phoneNumber()).isEqualTo("+972501234567");
        assertThat(u.primaryLanguage()).isEqualTo(Language.HE);
        assertThat(u.role()).isEqualTo(Role.USER);
        assertThat(u.online()).isFalse();
        assertThat(accounts.findUserByPhoneNumber("+972 50 123 4567")).map(UserAccount::id).contains(u.id());
        assertThat(accounts.findByEmail("DANA@example.com")).map(UserAccount::id).contains(u.id());
    }

    @Test
    void rejectsADuplicateEmailRegardlessOfCase() {
        accounts.register(new Registration("case@example.com", "long enough pw", "A", "en", null));
        assertThatThrownBy(() -> accounts.register(new Registration("CASE@Example.com", "long enough pw", "B", "en",
                null))).isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.ALREADY_REGISTERED));
    }

    @Test
    void rejectsBadInputWithClearMessages() {
        assertInvalid(new Registration("not-an-email", "long enough pw", "A", "en", null), "email");
        assertInvalid(new Registration("a@example.com", "short", "A", "en", null), "password");
        assertInvalid(new Registration("a@example.com", "long enough pw", " ", "en", null), "fullName");
        assertInvalid(new Registration("a@example.com", "long enough pw", "x".repeat(256), "en", null), "fullName");
        assertInvalid(new Registration("a@example.com", "long enough pw", "A", "fr", null), "language");
        assertInvalid(new Registration("a@example.com", "long enough pw", "A", "en", "12ab"), "phoneNumber");
        assertInvalid(new Registration("a@example.com", "long enough pw", "A", "en", "+1234567890123456"),
                "phoneNumber");
        assertThat(accounts.findByEmail("a@example.com")).isEmpty();
    }

    @Test
    void storesSqlLookingTextAsPlainText() {
        UserAccount u = accounts.register(new Registration("bobby@example.com", "long enough pw",
                "Robert'); DROP TABLE users;--", "en", null));
        assertThat(accounts.find(u.id()).orElseThrow().fullName()).isEqualTo("Robert'); DROP TABLE users;--");
    }

    @Test
    void authenticatesWithTheRightPasswordOnly() {
        UserAccount u = accounts.register(new Registration("login@example.com", "right password", "L", "ru", null));
        assertThat(accounts.authenticate("LOGIN@example.com", "right password", "10.0.0.1").id()).isEqualTo(u.id());
        assertThatThrownBy(() -> accounts.authenticate("login@example.com", "wrong password", "10.0.0.1"))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.INVALID_CREDENTIALS));
    }

    @Test
    void answersAnUnknownEmailExactlyLikeAWrongPassword() {
        accounts.register(new Registration("known@example.com", "right password", "K", "en", null));
        RuleViolationException unknown = catchViolation(
                () -> accounts.authenticate("unknown@example.com", "whatever pw", "10.0.0.2"));
        RuleViolationException wrong = catchViolation(
                () -> accounts.authenticate("known@example.com", "whatever pw", "10.0.0.2"));
        assertThat(unknown.violation()).isEqualTo(wrong.violation()).isEqualTo(Violation.INVALID_CREDENTIALS);
        assertThat(unknown.getMessage()).isEqualTo(wrong.getMessage());
    }

    @Test
    void locksAnAccountAfterRepeatedFailuresEvenForTheRightPassword() {
        accounts.register(new Registration("target@example.com", "right password", "T", "en", null));
        for (int i = 0; i < 3; i++) {
            String source = "10.1.0." + i;
            catchViolation(() -> accounts.authenticate("target@example.com", "guess", source));
        }
        assertThat(catchViolation(() -> accounts.authenticate("target@example.com", "right password", "10.1.0.9"))
                .violation()).isEqualTo(Violation.TOO_MANY_ATTEMPTS);
        CTX.clock.advance(Duration.ofSeconds(61));
        assertThat(accounts.authenticate("target@example.com", "right password", "10.1.0.9").email())
                .isEqualTo("target@example.com");
    }

    @Test
    void locksASourceThatTriesManyAccounts() {
        for (int i = 0; i < 6; i++) {
            String email = "nobody" + i + "@example.com";
            catchViolation(() -> accounts.authenticate(email, "guess", "192.0.2.7"));
        }
        assertThat(catchViolation(() -> accounts.authenticate("fresh@example.com", "guess", "192.0.2.7"))
                .violation()).isEqualTo(Violation.TOO_MANY_ATTEMPTS);
        assertThat(catchViolation(() -> accounts.authenticate("fresh@example.com", "guess", "192.0.2.8"))
                .violation()).isEqualTo(Violation.INVALID_CREDENTIALS);
    }

    @Test
    void updatesTheProfileButNeverTheLanguage() {
        UserAccount u = accounts.register(new Registration("prof@example.com", "long enough pw", "P", "he", null));
        UserAccount changed = accounts.update(u.id(), new ProfileUpdate("New Name", "+14155550100",
                "https://example.com/a.png", "hello", null));
        assertThat(changed.fullName()).isEqualTo("New Name");
        assertThat(changed.phoneNumber()).isEqualTo("+14155550100");
        assertThat(changed.primaryLanguage()).isEqualTo(Language.HE);
        assertThat(accounts.update(u.id(), new ProfileUpdate(null, "", null, null, null)).phoneNumber()).isNull();
        assertThatThrownBy(() -> accounts.update(u.id(), new ProfileUpdate(null, null, "javascript:alert(1)", null,
                null))).isInstanceOf(RuleViolationException.class);
    }

    @Test
    void bootstrapsTheFirstAdminOnceAndPromotesAnExistingAccount() {
        UserAccount admin = accounts.bootstrapAdmin("root@example.com", "admin password");
        assertThat(admin.role()).isEqualTo(Role.ADMIN);
        assertThat(accounts.bootstrapAdmin("root@example.com", "other password").id()).isEqualTo(admin.id());
        assertThat(accounts.authenticate("root@example.com", "admin password", "127.0.0.1").role())
                .isEqualTo(Role.ADMIN);
        UserAccount plain = accounts.register(new Registration("promote@example.com", "long enough pw", "P", "en",
                null));
        assertThat(accounts.bootstrapAdmin("promote@example.com", "ignored pw").id()).isEqualTo(plain.id());
        assertThat(accounts.find(plain.id()).orElseThrow().role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void deletesAnAccount() {
        UserAccount u = accounts.register(new Registration("gone@example.com", "long enough pw", "G", "en", null));
        accounts.delete(u.id());
        assertThat(accounts.find(u.id())).isEmpty();
        assertThat(catchViolation(() -> accounts.delete(u.id())).violation()).isEqualTo(Violation.NOT_FOUND);
    }

    private void assertInvalid(Registration r, String field) {
        RuleViolationException e = catchViolation(() -> accounts.register(r));
        assertThat(e.violation()).isEqualTo(Violation.INVALID_INPUT);
        assertThat(e.getMessage()).containsIgnoringCase(field);
    }

    private static RuleViolationException catchViolation(Runnable r) {
        try {
            r.run();
        } catch (RuleViolationException e) {
            return e;
        }
        throw new AssertionError("expected a rule violation");
    }
}
