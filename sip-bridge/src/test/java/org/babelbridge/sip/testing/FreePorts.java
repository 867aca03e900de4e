package org.babelbridge.sip.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports for the tests' SIP listeners, which bind UDP and TCP on the same number. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * A port free on 127.0.0.1 for both UDP and TCP right now. An ephemeral UDP port may still be held by a
     * TCP socket (another test's connection in TIME_WAIT, say), so both are tried before it is handed out.
     */
    public static int udpAndTcp() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 100; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(0, loopback);
                 ServerSocket tcp = new ServerSocket()) {
                tcp.setReuseAddress(false);
                tcp.bind(new InetSocketAddress(loopback, udp.getLocalPort()));
                return udp.getLocalPort();
            } catch (IOException takenForTcp) {
                // try another
            }
        }
        throw new IOException("no loopback port free for both UDP and TCP after 100 attempts");
    }
}
