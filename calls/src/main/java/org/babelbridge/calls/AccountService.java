package org.babelbridge.calls;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.babelbridge.db.UserEntity;
import org.babelbridge.db.UserRepository;
import io.micronaut.transaction.TransactionOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts: registration (Argon2id, e-mail unique regardless of case, E.164 phone numbers), login with
 * per-account and per-source throttling that never reveals whether an e-mail is registered, profile updates,
 * deletion, listing and the first admin. Thread-safe; blocking (JDBC), never call on an event loop.
 */
@Singleton
public final class AccountService {

    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);

    private final UserRepository users;
    private final CallService calls;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final TransactionOperations<Connection> tx;
    private final Clock clock;
    /** Verified against when the e-mail is unknown, so that a miss costs as much as a wrong password. */
    private final String decoyHash;

    @Inject
    public AccountService(UserRepository users, CallService calls, TransactionOperations<Connection> tx, Clock clock,
                          @Value("${babel.accounts.argon2.memory-kib:19456}") int memoryKib,
                          @Value("${babel.accounts.argon2.iterations:2}") int iterations,
                          @Value("${babel.accounts.argon2.parallelism:1}") int parallelism,
                          @Value("${babel.accounts.login.failures-per-account:5}") int failuresPerAccount,
                          @Value("${babel.accounts.login.failures-per-source:20}") int failuresPerSource,
                          @Value("${babel.accounts.login.window-seconds:900}") int windowSeconds) {
        this(users, calls, tx, clock, new PasswordHasher(new PasswordHasher.Cost(memoryKib, iterations, parallelism)),
                new LoginThrottle(new LoginThrottle.Limits(failuresPerAccount, failuresPerSource,
                        java.time.Duration.ofSeconds(windowSeconds)), clock, tx));
    }

    public AccountService(UserRepository users, CallService calls, TransactionOperations<Connection> tx, Clock clock,
                          PasswordHasher hasher, LoginThrottle throttle) {
        this.users = users;
        this.calls = calls;
        this.tx = tx;
        this.clock = clock;
        this.hasher = hasher;
        this.throttle = throttle;
        this.decoyHash = hasher.hash("decoy password that matches nothing");
    }

    /** Creates an account with role user. Fails with INVALID_INPUT, ALREADY_REGISTERED or DUPLICATE (phone). */
    public UserAccount register(Registration registration) {
        return create(registration, Role.USER);
    }

    /**
     * Checks a login. Wrong password and unknown e-mail are the same INVALID_CREDENTIALS; after too many
     * failures for the e-mail or from the source, TOO_MANY_ATTEMPTS until the window passes.
     */
    public UserAccount authenticate(String email, String password, String sourceAddress) {
        String name = email == null ? "" : email.trim().toLowerCase(java.util.Locale.ROOT);
        if (throttle.isLocked(name, sourceAddress)) {
            throw new RuleViolationException(Violation.TOO_MANY_ATTEMPTS,
                    "too many failed logins; try again later");
        }
        Optional<UserEntity> user = name.isEmpty() || name.length() > 255
                ? Optional.empty() : users.findByEmailIgnoreCase(name);
        String candidate = password == null || password.length() > 1024 ? "" : password;
        boolean matches = hasher.verify(candidate, user.map(UserEntity::hashedPassword).orElse(decoyHash));
        if (user.isEmpty() || !matches) {
            throttle.recordFailure(name, sourceAddress);
            throw new RuleViolationException(Violation.INVALID_CREDENTIALS);
        }
        throttle.recordSuccess(name);
        return Accounts.of(user.get());
    }

    public Optional<UserAccount> find(long userId) {
        return users.findById(Math.toIntExact(userId)).map(Accounts::of);
    }

    public Optional<UserAccount> findByEmail(String email) {
        return email == null ? Optional.empty() : users.findByEmailIgnoreCase(email.trim()).map(Accounts::of);
    }

    /** The user whose phone number is {@code phoneNumber} (normalised to E.164 first); empty if none or invalid. */
    public Optional<UserAccount> findUserByPhoneNumber(String phoneNumber) {
        String e164;
        try {
            e164 = Validation.phone(phoneNumber);
        } catch (RuleViolationException invalid) {
            return Optional.empty();
        }
        return users.findByPhoneNumber(e164).map(Accounts::of);
    }

    /** Applies the non-null fields of {@code update}. NOT_FOUND, INVALID_INPUT or DUPLICATE (phone). */
    public UserAccount update(long userId, ProfileUpdate update) {
        UserEntity u = users.findById(Math.toIntExact(userId))
                .orElseThrow(() -> new RuleViolationException(Violation.NOT_FOUND, "user not found"));
        String fullName = update.fullName() == null ? u.fullName()
                : Validation.text("fullName", update.fullName(), 255, true);
        String phone = update.phoneNumber() == null ? u.phoneNumber()
                : update.phoneNumber().isBlank() ? null : Validation.phone(update.phoneNumber());
        String avatar = update.avatarUrl() == null ? u.avatarUrl() : Validation.text("avatarUrl", update.avatarUrl(), 500, false);
        if (avatar != null && !avatar.matches("^https?://\\S+$")) {
            throw Validation.invalid("avatarUrl must be an http(s) URL");
        }
        String bio = update.bio() == null ? u.bio() : Validation.text("bio", update.bio(), 500, false);
        String hash = update.password() == null ? u.hashedPassword() : hasher.hash(Validation.password(update.password()));
        UserEntity changed = new UserEntity(u.id(), u.email(), phone, fullName, hash, u.primaryLanguage(), u.isOnline(),
                u.lastSeen(), u.hasVoiceSample(), u.voiceModelTrained(), u.voiceQualityScore(), avatar, bio,
                u.createdAt(), Times.now(clock), u.role(), u.sipUsername(), u.sipRealm(), u.sipHa1Md5(),
                u.sipHa1Sha256(), u.sipSecretIssuedAt());
        try {
            return Accounts.of(users.update(changed));
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e, "ux_users_phone_number")) {
                throw new RuleViolationException(Violation.DUPLICATE, "phone number already in use");
            }
            throw e;
        }
    }

    /** Deletes the account after taking it out of any active call; its call history stays. NOT_FOUND if absent. */
    public void delete(long userId) {
        int id = Math.toIntExact(userId);
        if (!users.existsById(id)) {
            throw new RuleViolationException(Violation.NOT_FOUND, "user not found");
        }
        calls.activeCallOf(userId).ifPresent(call -> calls.leave(call.id(), userId));
        users.deleteById(id);
    }

    /** All users by id, for admins. */
    public List<UserAccount> list(int offset, int limit) {
        return users.listOrdered(Math.max(0, offset), Math.max(1, Math.min(limit, 500))).stream()
                .map(Accounts::of).toList();
    }

    /**
     * Makes sure {@code email} is an admin: promotes an existing account (its password unchanged) or creates
     * one with {@code password}. Returns the admin account.
     */
    public UserAccount bootstrapAdmin(String email, String password) {
        Optional<UserEntity> existing = users.findByEmailIgnoreCase(Validation.email(email));
        if (existing.isPresent()) {
            UserEntity u = existing.get();
            if (!Role.ADMIN.code().equals(u.role())) {
                users.updateRole(u.id(), Role.ADMIN.code(), Times.now(clock));
                LOG.info("promoted {} to admin", u.email());
            }
            return find(u.id()).orElseThrow();
        }
        UserAccount admin = create(new Registration(email, password, "Administrator", Language.EN.code(), null),
                Role.ADMIN);
        LOG.info("created admin account {}", admin.email());
        return admin;
    }

    /** The Argon2id cost in use. */
    public PasswordHasher.Cost passwordCost() {
        return hasher.cost();
    }

    private UserAccount create(Registration r, Role role) {
        String email = Validation.email(r.email());
        String password = Validation.password(r.password());
        String fullName = Validation.text("fullName", r.fullName(), 255, true);
        Language language = Language.fromCode(r.primaryLanguage());
        String phone = r.phoneNumber() == null || r.phoneNumber().isBlank() ? null : Validation.phone(r.phoneNumber());
        String hash = hasher.hash(password);
        LocalDateTime now = Times.now(clock);
        UserEntity entity = new UserEntity(null, email, phone, fullName, hash, language.code(), false, now, false,
                false, null, null, null, now, now, role.code(), null, null, null, null, null);
        try {
            return Accounts.of(tx.executeWrite(status -> users.save(entity)));
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e, "email")) {
                throw new RuleViolationException(Violation.ALREADY_REGISTERED, "e-mail already registered");
            }
            if (SqlErrors.isUniqueViolation(e, "ux_users_phone_number")) {
                throw new RuleViolationException(Violation.DUPLICATE, "phone number already in use");
            }
            throw e;
        }
    }
}
