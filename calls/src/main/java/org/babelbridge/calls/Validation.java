package org.babelbridge.calls;

import java.util.Locale;
import java.util.regex.Pattern;

/** Input checks shared by the services; each failure is {@link Violation#INVALID_INPUT} naming the field. */
final class Validation {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+$");
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
    private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s().\\-]");

    private Validation() {
    }

    static String email(String email) {
        String value = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
        if (value.length() > 255 || !EMAIL.matcher(value).matches()) {
            throw invalid("email is not a valid e-mail address");
        }
        return value;
    }

    /** Normalises to E.164: separators removed, {@code 00} or a bare country code become {@code +}. */
    static String phone(String phone) {
        if (phone == null) {
            throw invalid("phoneNumber is required");
        }
        String value = PHONE_SEPARATORS.matcher(phone.trim()).replaceAll("");
        if (value.startsWith("00")) {
            value = "+" + value.substring(2);
        } else if (!value.startsWith("+")) {
            value = "+" + value;
        }
        if (!E164.matcher(value).matches()) {
            throw invalid("phoneNumber must be an E.164 number such as +972501234567");
        }
        return value;
    }

    static String password(String password) {
        if (password == null || password.length() < 8 || password.length() > 128) {
            throw invalid("password must be 8 to 128 characters");
        }
        return password;
    }

    static String text(String field, String value, int maxLength, boolean required) {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.isEmpty()) {
            if (required) {
                throw invalid(field + " is required");
            }
            return null;
        }
        if (trimmed.length() > maxLength) {
            throw invalid(field + " must be at most " + maxLength + " characters");
        }
        if (trimmed.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw invalid(field + " must not contain control characters");
        }
        return trimmed;
    }

    static RuleViolationException invalid(String message) {
        return new RuleViolationException(Violation.INVALID_INPUT, message);
    }
}
