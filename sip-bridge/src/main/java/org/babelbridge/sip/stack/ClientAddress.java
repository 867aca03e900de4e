package org.babelbridge.sip.stack;

import java.util.ListIterator;
import java.util.Set;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * The address a request really comes from, for per-source limits: the packet's sender, or, when that is a
 * trusted proxy (Kamailio in front of several instances), the client the proxy recorded in the Via below its
 * own ({@code received}, else the Via host). Thread-safe.
 */
final class ClientAddress {

    private final Set<String> trustedProxies;

    ClientAddress(Set<String> trustedProxies) {
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    String of(Request request) {
        String sender = SipMessages.source(request);
        if (trustedProxies.isEmpty() || !trustedProxies.contains(sender)) {
            return sender;
        }
        ListIterator<?> vias = request.getHeaders(ViaHeader.NAME);
        if (vias.hasNext()) {
            vias.next(); // the proxy's own
        }
        if (!vias.hasNext()) {
            return sender;
        }
        ViaHeader client = (ViaHeader) vias.next();
        String received = client.getReceived();
        return received != null && !received.isBlank() ? received : client.getHost();
    }
}
