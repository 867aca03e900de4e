package org.babelbridge.calls;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.babelbridge.db.UserEntity;
import org.babelbridge.db.UserRepository;

/**
 * SIP identities (DESIGN §6): a generated secret per user, separate from the web password, kept only as its
 * digest hashes. The SIP username is chosen once and kept when the secret is rotated. Thread-safe; blocking.
 */
@Singleton
public final class SipIdentityService {

    private static final int SECRET_BYTES = 18;

    private final UserRepository users;
    private final Clock clock;
    private final String realm;
    private final SecureRandom random = new SecureRandom();

    public SipIdentityService(UserRepository users, Clock clock,
                              @Value("${babel.sip.realm:babel-bridge}") String realm) {
        this.users = users;
        this.clock = clock;
        this.realm = realm;
    }

    /** The digest realm new secrets are issued for. */
    public String realm() {
        return realm;
    }

    /** Issues a new secret (replacing any previous one) and returns it once. NOT_FOUND if the user is absent. */
    public SipSecret issueSipSecret(long userId) {
        UserEntity user = users.findById(Math.toIntExact(userId))
                .orElseThrow(() -> new RuleViolationException(Violation.NOT_FOUND, "user not found"));
        String username = user.sipUsername() != null ? user.sipUsername() : usernameFor(user);
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        users.updateSipSecret(user.id(), username, realm, ha1("MD5", username, realm, secret),
                ha1("SHA-256", username, realm, secret), Times.now(clock));
        return new SipSecret(username, secret, realm);
    }

    /** The digest credentials of {@code sipUsername}, if that user has been issued a secret. */
    public Optional<SipCredentials> findSipCredentials(String sipUsername) {
        if (sipUsername == null || sipUsername.isBlank() || sipUsername.length() > 64) {
            return Optional.empty();
        }
        return users.findBySipUsername(sipUsername.toLowerCase(Locale.ROOT))
                .filter(u -> u.sipHa1Md5() != null)
                .map(u -> new SipCredentials(u.id(), u.sipUsername(), u.sipRealm(), u.sipHa1Md5(), u.sipHa1Sha256()));
    }

    /** HA1 = hex(H(username ":" realm ":" secret)) for {@code algorithm} MD5 or SHA-256. */
    public static String ha1(String algorithm, String username, String realm, String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            byte[] hash = digest.digest((username + ":" + realm + ":" + secret).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every Java runtime", e);
        }
    }

    /** The e-mail's local part, reduced to [a-z0-9._-], then the user id: unique and readable. */
    private static String usernameFor(UserEntity user) {
        String local = user.email().substring(0, user.email().indexOf('@')).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]", "");
        local = local.replaceAll("^[._-]+", "");
        if (local.length() > 40) {
            local = local.substring(0, 40);
        }
        return (local.isEmpty() ? "user" : local) + "-" + user.id();
    }
}
