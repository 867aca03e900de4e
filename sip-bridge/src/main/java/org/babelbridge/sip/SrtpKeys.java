package org.babelbridge.sip;

import java.util.Arrays;

/**
 * SDES keys settled for one SRTP stream (RFC 4568): the crypto suite, our master key and salt (what we
 * protect our packets with, sent in our SDP) and the peer's (from its SDP). Arrays are copied.
 */
public record SrtpKeys(String suite, byte[] localKeyAndSalt, byte[] remoteKeyAndSalt) {

    public SrtpKeys {
        localKeyAndSalt = localKeyAndSalt.clone();
        remoteKeyAndSalt = remoteKeyAndSalt.clone();
    }

    @Override
    public byte[] localKeyAndSalt() {
        return localKeyAndSalt.clone();
    }

    @Override
    public byte[] remoteKeyAndSalt() {
        return remoteKeyAndSalt.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SrtpKeys k && suite.equals(k.suite) && Arrays.equals(localKeyAndSalt, k.localKeyAndSalt)
                && Arrays.equals(remoteKeyAndSalt, k.remoteKeyAndSalt);
    }

    @Override
    public int hashCode() {
        return suite.hashCode() * 31 + Arrays.hashCode(localKeyAndSalt) * 17 + Arrays.hashCode(remoteKeyAndSalt);
    }

    /** Keys stay out of logs. */
    @Override
    public String toString() {
        return "SrtpKeys[" + suite + "]";
    }
}
