package org.babelbridge.sip.sdp;

/** RFC 3264 media direction attributes, seen from the side that wrote them. */
public enum Direction {
    SENDRECV, SENDONLY, RECVONLY, INACTIVE;

    /** The direction an answer states for an offer with this direction. */
    public Direction answer() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    /** Whether the writer of this direction wants to receive media from us. */
    public boolean wantsToReceive() {
        return this == SENDRECV || this == RECVONLY;
    }

    public String attribute() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
