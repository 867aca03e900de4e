package org.babelbridge.sip.sdp;

/** An SDP body that cannot be parsed or has nothing we can accept. */
public final class SdpException extends Exception {

    /** Whether the body was readable but offered nothing acceptable (488) rather than malformed (400). */
    private final boolean notAcceptable;

    private SdpException(String message, boolean notAcceptable) {
        super(message);
        this.notAcceptable = notAcceptable;
    }

    public static SdpException malformed(String message) {
        return new SdpException(message, false);
    }

    public static SdpException notAcceptable(String message) {
        return new SdpException(message, true);
    }

    public boolean notAcceptable() {
        return notAcceptable;
    }
}
