package org.babelbridge.ari;

/** The call rules refused a call or a participant; the reason maps to a SIP/Q.850 answer. */
public final class CallRefusedException extends RuntimeException {

    /** Why a call or participant was refused. */
    public enum Reason {
        /** Nobody with that SIP username or phone number (Q.850 1, "unallocated"). */
        UNKNOWN_TARGET("unallocated"),
        /** The caller is not known to the bridge (Q.850 21, "rejected"). */
        UNKNOWN_CALLER("rejected"),
        /** Calls go only to contacts (Q.850 21, "rejected"). */
        NOT_A_CONTACT("rejected"),
        /** The callee or caller is already in another active call (Q.850 17, "busy"). */
        BUSY("busy"),
        /** The callee is not reachable now: no registered softphone (Q.850 19, SIP 480). */
        OFFLINE("no_answer"),
        /** The inviter is not in the call. */
        NOT_A_PARTICIPANT("rejected"),
        /** The call already has four participants (Q.850 34, "congestion"). */
        CALL_FULL("congestion"),
        /** The call is over or unknown. */
        CALL_NOT_ACTIVE("normal");

        private final String ariHangupReason;

        Reason(String ariHangupReason) {
            this.ariHangupReason = ariHangupReason;
        }

        /** The {@code reason} for ARI's {@code DELETE /channels/{id}}. */
        public String ariHangupReason() {
            return ariHangupReason;
        }
    }

    private final Reason reason;

    public CallRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
