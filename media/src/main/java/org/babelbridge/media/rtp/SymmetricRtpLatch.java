package org.babelbridge.media.rtp;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Symmetric RTP ("latching"): media is sent to the address valid packets come from, because
 * phones behind NAT announce addresses in SDP that cannot be reached. The first valid packet
 * latches at once; afterwards a different source takes over only after {@code relatchPackets}
 * consecutive valid packets from it, so a stray or spoofed packet cannot steal the stream.
 * Confined to the leg's media thread.
 */
public final class SymmetricRtpLatch {
    private final int relatchPackets;
    private volatile InetSocketAddress remote;
    private boolean latched;
    private SocketAddress candidate;
    private int candidateCount;
    private long relatches;

    /** @param signalled the address from SDP, used until the first valid packet; may be null */
    public SymmetricRtpLatch(InetSocketAddress signalled, int relatchPackets) {
        if (relatchPackets < 1) {
            throw new IllegalArgumentException("relatchPackets must be >= 1: " + relatchPackets);
        }
        this.remote = signalled;
        this.relatchPackets = relatchPackets;
    }

    /** Records the source of a valid RTP packet; returns true when the send address changed. */
    public boolean onValidPacket(SocketAddress source) {
        if (!(source instanceof InetSocketAddress inet)) {
            return false;
        }
        if (!latched) {
            latched = true;
            candidate = null;
            if (!inet.equals(remote)) {
                remote = inet;
                return true;
            }
            return false;
        }
        if (inet.equals(remote)) {
            candidate = null;
            candidateCount = 0;
            return false;
        }
        if (inet.equals(candidate)) {
            candidateCount++;
        } else {
            candidate = inet;
            candidateCount = 1;
        }
        if (candidateCount >= relatchPackets) {
            remote = inet;
            candidate = null;
            candidateCount = 0;
            relatches++;
            return true;
        }
        return false;
    }

    /** A new signalled address (re-INVITE): used until packets latch again. */
    public void resetTo(InetSocketAddress signalled) {
        remote = signalled;
        latched = false;
        candidate = null;
        candidateCount = 0;
    }

    /** Where to send, or null when neither signalled nor latched yet. Safe from any thread. */
    public InetSocketAddress remote() {
        return remote;
    }

    public boolean latched() {
        return latched;
    }

    public long relatches() {
        return relatches;
    }
}
