package org.babelbridge.sip.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless digest nonces: issue time plus an HMAC under a per-process key, so a nonce can be
 * checked without remembering it, and one older than its lifetime is reported stale (RFC 2617
 * {@code stale=true}) rather than wrong. Thread-safe.
 */
public final class NonceIssuer {

    /** How a nonce presented by a client checks out. */
    public enum Verdict { FRESH, STALE, FORGED }

    private static final int MAC_BYTES = 16;
    private final byte[] key = new byte[32];
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final long lifetimeMs;
    /** Looking up and keying a Mac costs more than the MAC itself; each SIP thread keeps one ready. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public NonceIssuer(Clock clock, long lifetimeMs) {
        this.clock = clock;
        this.lifetimeMs = lifetimeMs;
        random.nextBytes(key);
    }

    public String issue() {
        ByteBuffer body = ByteBuffer.allocate(16);
        body.putLong(clock.millis());
        body.putLong(random.nextLong());
        byte[] mac = mac(body.array());
        ByteBuffer nonce = ByteBuffer.allocate(16 + MAC_BYTES).put(body.array()).put(mac, 0, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce.array());
    }

    public Verdict check(String nonce) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Verdict.FORGED;
        }
        if (raw.length != 16 + MAC_BYTES) {
            return Verdict.FORGED;
        }
        byte[] body = Arrays.copyOf(raw, 16);
        byte[] expected = Arrays.copyOf(mac(body), MAC_BYTES);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, 16, raw.length))) {
            return Verdict.FORGED;
        }
        long issuedMs = ByteBuffer.wrap(body).getLong();
        long ageMs = clock.millis() - issuedMs;
        return ageMs >= 0 && ageMs <= lifetimeMs ? Verdict.FRESH : Verdict.STALE;
    }

    private byte[] mac(byte[] body) {
        return macs.get().doFinal(body); // doFinal leaves the Mac reset for the next use
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
