package org.babelbridge.media.dtmf;

/** Mapping between DTMF keys ({@code 0-9 * # A-D}) and RFC 4733 event codes 0-15. */
public final class DtmfKeys {
    private static final String KEYS = "0123456789*#ABCD";

    private DtmfKeys() {
    }

    /** The key for an event code, or {@code 0} (the NUL char) when the event is not a DTMF key. */
    public static char keyFor(int event) {
        return event >= 0 && event < KEYS.length() ? KEYS.charAt(event) : 0;
    }

    /**
     * The event code for a key (case-insensitive for A-D).
     *
     * @throws IllegalArgumentException for anything that is not a DTMF key
     */
    public static int eventFor(char key) {
        int event = KEYS.indexOf(Character.toUpperCase(key));
        if (event < 0) {
            throw new IllegalArgumentException("not a DTMF key: '" + key + "' (valid: " + KEYS + ")");
        }
        return event;
    }

    public static boolean isKey(char key) {
        return KEYS.indexOf(Character.toUpperCase(key)) >= 0;
    }
}
