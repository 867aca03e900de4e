package org.babelbridge.media.srtp;

/**
 * SDES-keyed SRTP for one leg (RFC 4568): packets we send are protected with our key, packets we
 * receive are checked and decrypted with the peer's. Counts what it passes and drops. Packet methods
 * run on the leg's media thread; {@link #stats} may be read from any thread.
 */
public final class SrtpSession implements RtpProtection {

    private final SrtpCryptoSuite suite;
    private final SrtpContext outbound;
    private final SrtpContext inbound;
    private volatile long rtpProtected;
    private volatile long rtcpProtected;
    private volatile long rtpAuthenticated;
    private volatile long rtcpAuthenticated;
    private volatile long authenticationFailures;
    private volatile long replaysDropped;
    private volatile long malformed;

    /**
     * @param localKeyAndSalt  our master key and salt (30 bytes), as offered or answered in our SDP
     * @param remoteKeyAndSalt the peer's master key and salt, from its SDP
     */
    public SrtpSession(SrtpCryptoSuite suite, byte[] localKeyAndSalt, byte[] remoteKeyAndSalt) {
        this.suite = suite;
        this.outbound = new SrtpContext(suite, localKeyAndSalt);
        this.inbound = new SrtpContext(suite, remoteKeyAndSalt);
    }

    public SrtpCryptoSuite suite() {
        return suite;
    }

    @Override
    public int protectRtp(byte[] packet, int length) {
        return counted(outbound.protectRtp(packet, length), true, true);
    }

    @Override
    public int unprotectRtp(byte[] packet, int length) {
        return counted(inbound.unprotectRtp(packet, length), true, false);
    }

    @Override
    public int protectRtcp(byte[] packet, int length) {
        return counted(outbound.protectRtcp(packet, length), false, true);
    }

    @Override
    public int unprotectRtcp(byte[] packet, int length) {
        return counted(inbound.unprotectRtcp(packet, length), false, false);
    }

    private int counted(int result, boolean rtp, boolean sending) {
        if (result >= 0) {
            if (sending) {
                if (rtp) {
                    rtpProtected++;
                } else {
                    rtcpProtected++;
                }
            } else if (rtp) {
                rtpAuthenticated++;
            } else {
                rtcpAuthenticated++;
            }
        } else if (result == SrtpContext.AUTHENTICATION_FAILED) {
            authenticationFailures++;
        } else if (result == SrtpContext.REPLAYED) {
            replaysDropped++;
        } else {
            malformed++;
        }
        return result;
    }

    @Override
    public SrtpStats stats() {
        return new SrtpStats(suite, rtpProtected, rtcpProtected, rtpAuthenticated, rtcpAuthenticated,
                authenticationFailures, replaysDropped, malformed);
    }
}
