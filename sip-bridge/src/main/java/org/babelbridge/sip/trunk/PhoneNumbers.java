package org.babelbridge.sip.trunk;

/**
 * Phone numbers as trunks send them, brought to E.164 ({@code +} and 2-15 digits) so that they compare
 * with {@code users.phone_number} and the configured DIDs. Trunks write the same number as
 * {@code +4930123456}, {@code 004930123456} or {@code 4930123456}; all three mean one number here.
 */
public final class PhoneNumbers {

    private PhoneNumbers() {
    }

    /**
     * The E.164 form of {@code raw}, or null when it is no phone number (a SIP username, say). Visual
     * separators ({@code - . ( )} and spaces) are ignored.
     */
    public static String toE164(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.replaceAll("[\\s().-]", "");
        if (s.startsWith("+")) {
            s = s.substring(1);
        } else if (s.startsWith("00")) {
            s = s.substring(2);
        }
        if (s.length() < 2 || s.length() > 15 || s.charAt(0) == '0' || !s.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return "+" + s;
    }

    /**
     * True when {@code raw} is written as an E.164 number with its {@code +}. (Not {@code 00...}: a SIP
     * username may be all digits, and a softphone puts its username in From.)
     */
    public static boolean looksInternational(String raw) {
        return raw != null && raw.trim().startsWith("+") && toE164(raw) != null;
    }
}
