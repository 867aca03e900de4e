package org.babelbridge.sip.stack;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPMessage;
import java.text.ParseException;
import java.util.List;
import java.util.UUID;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.babelbridge.sip.SipCounters;
import org.babelbridge.sip.SipSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and sends the messages the handlers need, so they read as call logic rather than JAIN-SIP
 * plumbing. Thread-safe (the factories are).
 */
final class SipMessages {

    private static final Logger LOG = LoggerFactory.getLogger(SipMessages.class);

    final AddressFactory addresses;
    final HeaderFactory headers;
    final MessageFactory messages;
    final SipProvider provider;
    final SipSettings settings;
    /** The TLS listening point's port, or -1 without TLS. */
    final int tlsPort;
    final SipCounters counters;

    SipMessages(AddressFactory addresses, HeaderFactory headers, MessageFactory messages,
                SipProvider provider, SipSettings settings, int tlsPort, SipCounters counters) {
        this.addresses = addresses;
        this.headers = headers;
        this.messages = messages;
        this.provider = provider;
        this.settings = settings;
        this.tlsPort = tlsPort;
        this.counters = counters;
    }

    /** The port we listen on for {@code transport}: TLS has its own. */
    int portFor(String transport) {
        return "tls".equalsIgnoreCase(transport) && tlsPort > 0 ? tlsPort : settings.port();
    }

    /** True when requests to {@code uri} must go over TLS ({@code sips:} or {@code transport=tls}). */
    static boolean secure(javax.sip.address.URI uri) {
        return uri instanceof SipURI sipUri && (sipUri.isSecure() || "tls".equalsIgnoreCase(sipUri.getTransportParam()));
    }

    /** Sends a response built from {@code request}; failures to send are logged, not thrown. */
    Response respond(ServerTransaction tx, Request request, int status, String toTag, String sdp,
                     List<Header> extra) {
        try {
            Response response = messages.createResponse(status, request);
            if (toTag != null && status > 100) {
                ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
                if (to.getTag() == null) {
                    to.setTag(toTag);
                }
            }
            for (Header header : extra) {
                response.addHeader(header);
            }
            if (status >= 200 && status < 300 && request.getMethod().equals(Request.INVITE)) {
                response.addHeader(contact(transportOf(request)));
            }
            if (sdp != null) {
                response.setContent(sdp, sdpType());
            }
            tx.sendResponse(response);
            counters.responded(status);
            return response;
        } catch (ParseException | SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
            LOG.warn("could not send {} to {}: {}", status, request.getMethod(), e.toString());
            return null;
        }
    }

    Response respond(ServerTransaction tx, Request request, int status) {
        return respond(tx, request, status, null, null, List.of());
    }

    ContactHeader contact(String transport) throws ParseException {
        SipURI uri = addresses.createSipURI("babelbridge", settings.advertisedAddress());
        uri.setPort(portFor(transport));
        if (transport != null && !transport.equalsIgnoreCase("udp")) {
            uri.setTransportParam(transport.toLowerCase(java.util.Locale.ROOT));
        }
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    Address aor(String user) throws ParseException {
        return addresses.createAddress(addresses.createSipURI(user, settings.advertisedAddress()));
    }

    ContentTypeHeader sdpType() throws ParseException {
        return headers.createContentTypeHeader("application", "sdp");
    }

    static String newTag() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    static String transportOf(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via == null ? "udp" : via.getTransport();
    }

    /** The body as text, or null when there is none. */
    static String body(Message message) {
        byte[] raw = message.getRawContent();
        return raw == null || raw.length == 0 ? null : new String(raw, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The value of the first header {@code name}, without its name, or null. */
    static String headerValue(Message message, String name) {
        Header header = message.getHeader(name);
        if (header instanceof SIPHeader sipHeader) {
            return sipHeader.getHeaderValue();
        }
        return null;
    }

    /** The address the request came from as the socket saw it, or null when unknown. */
    static java.net.InetAddress sourceAddress(Request request) {
        return request instanceof SIPMessage message ? message.getRemoteAddress() : null;
    }

    /** The address the request came from, for rate limiting and logs. */
    static String source(Request request) {
        if (request instanceof SIPMessage message && message.getRemoteAddress() != null) {
            return message.getRemoteAddress().getHostAddress();
        }
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via == null ? "unknown" : via.getHost();
    }
}
