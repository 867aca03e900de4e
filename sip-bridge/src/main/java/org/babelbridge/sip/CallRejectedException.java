package org.babelbridge.sip;

/** The calls services refused to start or extend a call (a race lost since the check, usually). */
public final class CallRejectedException extends Exception {

    private final CallCheck reason;

    public CallRejectedException(CallCheck reason, String message) {
        super(message);
        this.reason = reason;
    }

    public CallCheck reason() {
        return reason;
    }
}
