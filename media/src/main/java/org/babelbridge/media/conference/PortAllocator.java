package org.babelbridge.media.conference;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.BitSet;

/**
 * Hands out even UDP ports from the configured range for RTP, with the odd port above for RTCP
 * (RFC 3550 §11), binding each to a non-blocking channel.
 * Ports busy in the OS are skipped; released ports are reused after the rest of the range.
 * Thread-safe.
 */
final class PortAllocator {
    private final String bindAddress;
    private final int min;
    private final int max;
    private final BitSet used = new BitSet();
    private final ProtocolFamily family;
    private int cursor;

    PortAllocator(String bindAddress, int min, int max) {
        this.bindAddress = bindAddress;
        this.min = (min + 1) & ~1;
        this.max = max;
        this.cursor = this.min;
        // An IPv4 socket for an IPv4 bind address: sends then need no per-packet address conversion.
        this.family = isIpv4(bindAddress) ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    private static boolean isIpv4(String address) {
        try {
            return InetAddress.getByName(address) instanceof Inet4Address;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bindAddress '" + address + "' does not resolve", e);
        }
    }

    /** An RTP socket on an even port and its RTCP socket on the next (odd) port. */
    record Pair(DatagramChannel rtp, DatagramChannel rtcp) {
    }

    synchronized Pair bind() {
        int span = (max - min - 1) / 2 + 1;
        for (int attempt = 0; attempt < span; attempt++) {
            int port = cursor;
            cursor = cursor + 3 > max ? min : cursor + 2;
            if (used.get(port)) {
                continue;
            }
            DatagramChannel rtp = null;
            DatagramChannel rtcp = null;
            try {
                rtp = open(port);
                rtcp = open(port + 1);
                used.set(port);
                return new Pair(rtp, rtcp);
            } catch (IOException e) {
                closeQuietly(rtp);
                closeQuietly(rtcp);
            }
        }
        throw new IllegalStateException("no free RTP port between " + min + " and " + max
                + " on " + bindAddress + " (check rtpPortMin/rtpPortMax and bindAddress)");
    }

    private DatagramChannel open(int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open(family);
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 256 * 1024);
            channel.bind(new InetSocketAddress(bindAddress, port));
            channel.configureBlocking(false);
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    synchronized void release(int port) {
        used.clear(port);
    }

    synchronized int inUse() {
        return used.cardinality();
    }

    private static void closeQuietly(DatagramChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing bound, nothing to clean
            }
        }
    }
}
