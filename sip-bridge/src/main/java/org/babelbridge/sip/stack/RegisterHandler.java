package org.babelbridge.sip.stack;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.babelbridge.sip.SipAccount;
import org.babelbridge.sip.registrar.Binding;
import org.babelbridge.sip.registrar.BindingTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers REGISTER (RFC 3261 section 10.3) after digest authentication. Thread-safe. */
final class RegisterHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RegisterHandler.class);

    private final SipMessages sip;
    private final RequestAuthenticator authenticator;
    private final BindingTable bindings;
    private final Clock clock;

    RegisterHandler(SipMessages sip, RequestAuthenticator authenticator, BindingTable bindings, Clock clock) {
        this.sip = sip;
        this.authenticator = authenticator;
        this.bindings = bindings;
        this.clock = clock;
    }

    void handle(ServerTransaction tx, Request request) throws Exception {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        if (!(to.getAddress().getURI() instanceof SipURI aor) || aor.getUser() == null) {
            sip.respond(tx, request, Response.BAD_REQUEST);
            return;
        }
        Optional<SipAccount> account = authenticator.authenticate(tx, request, aor.getUser());
        if (account.isEmpty()) {
            return;
        }
        long userId = account.get().userId();
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        long cseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
        ExpiresHeader expiresHeader = request.getExpires();
        int defaultExpires = expiresHeader == null ? 3600 : expiresHeader.getExpires();

        List<ContactHeader> contacts = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(ContactHeader.NAME);
        while (it.hasNext()) {
            contacts.add((ContactHeader) it.next());
        }
        for (ContactHeader contact : contacts) {
            if (contact.isWildCard()) {
                if (contacts.size() != 1 || defaultExpires != 0) {
                    sip.respond(tx, request, Response.BAD_REQUEST);
                    return;
                }
                bindings.removeAll(userId);
                LOG.info("{} unregistered every contact", aor.getUser());
                sip.respond(tx, request, Response.OK);
                return;
            }
            int expires = contact.getExpires() >= 0 ? contact.getExpires() : defaultExpires;
            if (expires != 0 && expires < sip.settings.minExpiresSeconds()) {
                List<Header> minExpires = List.of(sip.headers.createMinExpiresHeader(sip.settings.minExpiresSeconds()));
                sip.respond(tx, request, Response.INTERVAL_TOO_BRIEF, null, null, minExpires);
                return;
            }
        }
        Instant now = clock.instant();
        for (ContactHeader contact : contacts) {
            String uri = contact.getAddress().getURI().toString();
            int expires = Math.min(contact.getExpires() >= 0 ? contact.getExpires() : defaultExpires,
                    sip.settings.maxExpiresSeconds());
            if (expires == 0) {
                bindings.remove(userId, uri);
                LOG.info("{} unregistered {}", aor.getUser(), uri);
            } else {
                bindings.put(new Binding(userId, aor.getUser(), uri, callId, cseq, now.plusSeconds(expires)));
                LOG.info("{} registered {} for {} s", aor.getUser(), uri, expires);
            }
        }
        List<Header> current = new ArrayList<>();
        for (Binding binding : bindings.contacts(userId)) {
            ContactHeader header = sip.headers.createContactHeader(sip.addresses.createAddress(binding.contactUri()));
            header.setExpires((int) Math.max(0, binding.expiresAt().getEpochSecond() - now.getEpochSecond()));
            current.add(header);
        }
        current.add(sip.headers.createDateHeader(java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("GMT"))));
        sip.respond(tx, request, Response.OK, SipMessages.newTag(), null, current);
    }
}
