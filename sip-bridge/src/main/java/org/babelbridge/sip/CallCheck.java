package org.babelbridge.sip;

/** The outcome of the call rules for one caller and callee, with the SIP answer for each refusal. */
public enum CallCheck {
    ALLOWED(200, "OK"),
    NOT_A_CONTACT(403, "Forbidden"),
    NOT_FOUND(404, "Not Found"),
    OFFLINE(480, "Temporarily Unavailable"),
    BUSY(486, "Busy Here");

    private final int sipStatus;
    private final String reason;

    CallCheck(int sipStatus, String reason) {
        this.sipStatus = sipStatus;
        this.reason = reason;
    }

    public int sipStatus() {
        return sipStatus;
    }

    public String reason() {
        return reason;
    }
}
