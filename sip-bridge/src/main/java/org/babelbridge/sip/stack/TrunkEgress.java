package org.babelbridge.sip.stack;

import java.text.ParseException;
import java.time.Instant;
import java.util.Optional;
import javax.sip.ClientTransaction;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.babelbridge.sip.auth.DigestClient;
import org.babelbridge.sip.CallParty;
import org.babelbridge.sip.registrar.Binding;
import org.babelbridge.sip.trunk.TrunkSettings;

/**
 * Addresses calls to phone numbers through a trunk: the Request-URI names the number at the trunk's
 * domain (the registrar's host, else the outbound proxy's), and a loose Route sends the INVITE through
 * the outbound proxy when one is configured; a digest challenge to the INVITE is answered with the
 * trunk's credentials. Thread-safe.
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

    /**
     * Answers a trunk's 401/407 to an outbound INVITE once, with the trunk's credentials: the INVITE goes
     * again (same dialog identifiers, next CSeq, new branch) and replaces {@code fork} among the call's
     * forks. False when this is no such challenge, the trunk has no credentials, or it was answered already
     * (the caller then treats the response as a refusal). The caller holds the call's monitor.
     */
    static boolean answerChallenge(SipMessages sip, BridgedCall call, ClientTransaction fork, Response response) {
        int status = response.getStatusCode();
        TrunkSettings trunk = call.egress;
        if ((status != Response.UNAUTHORIZED && status != Response.PROXY_AUTHENTICATION_REQUIRED) || trunk == null
                || trunk.username() == null || fork.getApplicationData() != call || call.state != BridgedCall.State.RINGING) {
            return false;
        }
        Request sent = fork.getRequest();
        String credentialsHeader = status == Response.UNAUTHORIZED ? "Authorization" : "Proxy-Authorization";
        if (sent.getHeader(credentialsHeader) != null) {
            return false; // our credentials were refused
        }
        String challenge = SipMessages.headerValue(response,
                status == Response.UNAUTHORIZED ? "WWW-Authenticate" : "Proxy-Authenticate");
        if (challenge == null) {
            return false;
        }
        String value = challenge.trim();
        if (!value.regionMatches(true, 0, "Digest", 0, 6)) {
            value = "Digest " + value;
        }
        Optional<String> credentials = DigestClient.answer(value, Request.INVITE, sent.getRequestURI().toString(),
                trunk.username(), trunk.password(), 1);
        if (credentials.isEmpty()) {
            return false;
        }
        try {
            Request retry = (Request) sent.clone();
            CSeqHeader cseq = (CSeqHeader) retry.getHeader(CSeqHeader.NAME);
            cseq.setSeqNumber(cseq.getSeqNumber() + 1);
            ViaHeader via = (ViaHeader) retry.getHeader(ViaHeader.NAME);
            retry.removeHeader(ViaHeader.NAME);
            retry.addHeader(sip.headers.createViaHeader(via.getHost(), via.getPort(), via.getTransport(), null));
            retry.addHeader(sip.headers.createHeader(credentialsHeader, credentials.get()));
            ClientTransaction again = sip.provider.getNewClientTransaction(retry);
            again.setApplicationData(call);
            call.forks.remove(fork);
            call.forks.add(again);
            again.sendRequest();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** The caller's identity towards the PSTN: their phone number when they have one, else their SIP name. */
    static String callerUser(CallParty caller, String phoneNumber) {
        return phoneNumber != null ? phoneNumber : caller.sipUsername();
    }
}
