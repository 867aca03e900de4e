package org.babelbridge.sip.stack;

import java.text.ParseException;
import java.time.Instant;
import javax.sip.address.SipURI;
import javax.sip.header.RouteHeader;
import javax.sip.message.Request;
import org.babelbridge.sip.CallParty;
import org.babelbridge.sip.registrar.Binding;
import org.babelbridge.sip.trunk.TrunkSettings;

/**
 * Addresses calls to phone numbers through a trunk: the Request-URI names the number at the trunk's
 * domain (the registrar's host, else the outbound proxy's), and a loose Route sends the INVITE through
 * the outbound proxy when one is configured. Thread-safe.
 */
final class TrunkEgress {

    private TrunkEgress() {
    }

    /** A contact for {@code callee}'s phone {@code number} behind {@code trunk}, used like a registration. */
    static Binding contactFor(CallParty callee, String number, TrunkSettings trunk) {
        return new Binding(callee.userId(), callee.sipUsername(), "sip:" + number + "@" + domain(trunk),
                "trunk:" + trunk.name(), 0, Instant.MAX);
    }

    /** The host phone numbers are addressed at behind {@code trunk}. */
    static String domain(TrunkSettings trunk) {
        if (trunk.registrarUri() != null) {
            String uri = trunk.registrarUri().replaceFirst("(?i)^sips?:", "");
            int at = uri.indexOf('@');
            return at < 0 ? uri : uri.substring(at + 1);
        }
        return trunk.outboundProxy();
    }

    /** Adds the Route through {@code trunk}'s outbound proxy, when it has one. */
    static void route(SipMessages sip, Request request, TrunkSettings trunk) throws ParseException {
        if (trunk.outboundProxy() == null) {
            return;
        }
        TrunkSettings.HostPort proxy = TrunkSettings.HostPort.parse(trunk.outboundProxy(), "outbound-proxy");
        SipURI uri = sip.addresses.createSipURI(null, proxy.host());
        uri.setPort(proxy.port());
        uri.setLrParam();
        RouteHeader route = sip.headers.createRouteHeader(sip.addresses.createAddress(uri));
        request.addHeader(route);
    }

    /** The caller's identity towards the PSTN: their phone number when they have one, else their SIP name. */
    static String callerUser(CallParty caller, String phoneNumber) {
        return phoneNumber != null ? phoneNumber : caller.sipUsername();
    }
}
