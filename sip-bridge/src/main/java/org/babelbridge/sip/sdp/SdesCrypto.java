package org.babelbridge.sip.sdp;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code a=crypto} attribute (RFC 4568): {@code <tag> <suite> inline:<base64 key||salt>[|lifetime]}.
 * Only single-key inline parameters without MKI are usable; anything else is read as unusable
 * rather than rejected, so another line of the offer can still be chosen.
 */
public record SdesCrypto(int tag, String suite, byte[] keyAndSalt) {

    /** The suites the media engine implements, in our order of preference. */
    public static final Set<String> SUPPORTED_SUITES = Set.of("AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32");
    public static final String PREFERRED_SUITE = "AES_CM_128_HMAC_SHA1_80";
    /** 128-bit master key and 112-bit master salt. */
    public static final int KEY_AND_SALT_LENGTH = 30;
    private static final SecureRandom RANDOM = new SecureRandom();

    public SdesCrypto {
        keyAndSalt = keyAndSalt.clone();
    }

    @Override
    public byte[] keyAndSalt() {
        return keyAndSalt.clone();
    }

    /** A fresh random master key and salt. */
    public static byte[] newKeyAndSalt() {
        byte[] key = new byte[KEY_AND_SALT_LENGTH];
        RANDOM.nextBytes(key);
        return key;
    }

    /** The attribute's value (after {@code a=crypto:}) if it names a supported suite with a usable key. */
    public static Optional<SdesCrypto> parse(String value) {
        String[] fields = value.trim().split("\\s+");
        if (fields.length < 3) {
            return Optional.empty();
        }
        int tag;
        try {
            tag = Integer.parseInt(fields[0]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String suite = fields[1].toUpperCase(Locale.ROOT);
        if (tag < 0 || tag > 999_999_999 || !SUPPORTED_SUITES.contains(suite)) {
            return Optional.empty();
        }
        String keyParams = fields[2];
        // One key only: several ';'-separated keys would need MKIs, which we do not implement.
        if (!keyParams.regionMatches(true, 0, "inline:", 0, 7) || keyParams.indexOf(';') >= 0) {
            return Optional.empty();
        }
        String[] parts = keyParams.substring(7).split("\\|");
        if (parts.length > 2 && !parts[2].isEmpty() || parts.length > 1 && parts[1].contains(":")) {
            return Optional.empty(); // an MKI
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(parts[0]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (key.length != KEY_AND_SALT_LENGTH) {
            return Optional.empty();
        }
        // Session parameters (UNENCRYPTED_SRTP and the like) change what the suite means: not for us.
        if (fields.length > 3) {
            return Optional.empty();
        }
        return Optional.of(new SdesCrypto(tag, suite, key));
    }

    /** The attribute line, {@code a=crypto:...} with CRLF. */
    public String attributeLine() {
        return "a=crypto:" + tag + " " + suite + " inline:" + Base64.getEncoder().encodeToString(keyAndSalt) + "\r\n";
    }

    /** Keys stay out of logs. */
    @Override
    public String toString() {
        return "SdesCrypto[" + tag + " " + suite + "]";
    }
}
