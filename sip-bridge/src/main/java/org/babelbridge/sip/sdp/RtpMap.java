package org.babelbridge.sip.sdp;

/** One {@code a=rtpmap} entry (or the static RFC 3551 meaning of a payload type). */
public record RtpMap(int payloadType, String encoding, int clockRate, int channels) {
}
