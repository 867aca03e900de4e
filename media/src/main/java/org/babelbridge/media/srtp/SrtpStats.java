package org.babelbridge.media.srtp;

/**
 * What one leg's SRTP did: packets protected and sent, packets authenticated and decrypted, and
 * packets dropped for a bad tag, as replays, or as malformed.
 */
public record SrtpStats(SrtpCryptoSuite suite, long rtpProtected, long rtcpProtected, long rtpAuthenticated,
                        long rtcpAuthenticated, long authenticationFailures, long replaysDropped, long malformed) {
}
