package org.babelbridge.sip.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.babelbridge.sip.auth.DigestClient;
import org.babelbridge.sip.trunk.TrunkSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the bridge registered with each trunk that asks for it (RFC 3261 section 10.2): REGISTER,
 * answer a 401/407 digest challenge once per attempt, refresh before the granted expiry, retry after a
 * failure. Runs on the stack's listener threads and the endpoint's timer; each registration is guarded
 * by its own monitor.
 */
final class TrunkRegistrations {

    private static final Logger LOG = LoggerFactory.getLogger(TrunkRegistrations.class);

    /** The state of one trunk's registration. */
    static final class Registration {
        final TrunkSettings trunk;
        String callId;
        long cseq;
        boolean registered;
        int challengesAnswered;
        int nonceCount;
        ScheduledFuture<?> next;
        boolean closed;

        Registration(TrunkSettings trunk) {
            this.trunk = trunk;
        }
    }

    private final SipMessages sip;
    private final ScheduledExecutorService timers;
    private final long retryMs;
    private final List<Registration> registrations = new ArrayList<>();

    TrunkRegistrations(SipMessages sip, ScheduledExecutorService timers, List<TrunkSettings> trunks, long retryMs) {
        this.sip = sip;
        this.timers = timers;
        this.retryMs = retryMs;
        for (TrunkSettings trunk : trunks) {
            if (trunk.registers()) {
                registrations.add(new Registration(trunk));
            }
        }
    }

    /** Sends the first REGISTER of every trunk that registers. */
    void start() {
        for (Registration r : registrations) {
            synchronized (r) {
                r.callId = sip.provider.getNewCallId().getCallId();
                send(r, r.trunk.registerExpiresSeconds(), null, null);
            }
        }
    }

    /** Trunk name to whether the bridge is registered with it now. */
    Map<String, Boolean> status() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (Registration r : registrations) {
            synchronized (r) {
                out.put(r.trunk.name(), r.registered);
            }
        }
        return out;
    }

    /** Handles a response to one of our REGISTERs; false when it belongs to something else. */
    boolean handleResponse(ResponseEvent event) {
        ClientTransaction tx = event.getClientTransaction();
        if (tx == null || !(tx.getApplicationData() instanceof Registration r)) {
            return false;
        }
        Response response = event.getResponse();
        int status = response.getStatusCode();
        synchronized (r) {
            if (status < 200 || r.closed) {
                return true;
            }
            if (status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) {
                answerChallenge(r, tx.getRequest(), response, status);
            } else if (status < 300) {
                registered(r, response, tx.getRequest());
            } else {
                failed(r, "answered " + status);
            }
        }
        return true;
    }

    /** Handles a REGISTER that got no answer; false when the transaction is not ours. */
    boolean handleTimeout(TimeoutEvent event) {
        ClientTransaction tx = event.getClientTransaction();
        if (tx == null || !(tx.getApplicationData() instanceof Registration r)) {
            return false;
        }
        synchronized (r) {
            if (!r.closed) {
                failed(r, "no answer");
            }
        }
        return true;
    }

    /** Stops refreshing and withdraws every registration (expires 0), best effort. */
    void close() {
        for (Registration r : registrations) {
            synchronized (r) {
                r.closed = true;
                if (r.next != null) {
                    r.next.cancel(false);
                }
                if (r.registered) {
                    r.registered = false;
                    send(r, 0, null, null);
                }
            }
        }
    }

    private void answerChallenge(Registration r, Request sent, Response challenge, int status) {
        if (r.challengesAnswered >= 1) {
            failed(r, "credentials refused (" + status + ")");
            return;
        }
        String challengeHeader = status == Response.UNAUTHORIZED ? "WWW-Authenticate" : "Proxy-Authenticate";
        String credentialsHeader = status == Response.UNAUTHORIZED ? "Authorization" : "Proxy-Authorization";
        String value = SipMessages.headerValue(challenge, challengeHeader);
        Optional<String> credentials = value == null ? Optional.empty()
                : DigestClient.answer("Digest " + stripScheme(value), Request.REGISTER, sent.getRequestURI().toString(),
                r.trunk.username(), r.trunk.password(), ++r.nonceCount);
        if (credentials.isEmpty()) {
            failed(r, "challenge cannot be answered: " + value);
            return;
        }
        r.challengesAnswered++;
        ExpiresHeader expires = sent.getExpires();
        send(r, expires == null ? r.trunk.registerExpiresSeconds() : expires.getExpires(), credentialsHeader,
                credentials.get());
    }

    private void registered(Registration r, Response response, Request sent) {
        int granted = grantedExpires(response, sent);
        r.challengesAnswered = 0;
        if (granted <= 0) {
            r.registered = false;
            return;
        }
        if (!r.registered) {
            LOG.info("registered with trunk {} for {} s", r.trunk.name(), granted);
        }
        r.registered = true;
        // refresh well before expiry, and at half time for short grants
        long delaySeconds = granted > 60 ? granted - 30 : Math.max(1, granted / 2);
        schedule(r, delaySeconds * 1000);
    }

    private void failed(Registration r, String why) {
        LOG.warn("registration with trunk {} failed: {}; retrying in {} s", r.trunk.name(), why, retryMs / 1000);
        r.registered = false;
        r.challengesAnswered = 0;
        schedule(r, retryMs);
    }

    private void schedule(Registration r, long delayMs) {
        if (r.next != null) {
            r.next.cancel(false);
        }
        r.next = timers.schedule(() -> {
            synchronized (r) {
                if (!r.closed) {
                    send(r, r.trunk.registerExpiresSeconds(), null, null);
                }
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    private void send(Registration r, int expires, String credentialsHeader, String credentials) {
        try {
            SipURI registrar = (SipURI) sip.addresses.createURI(r.trunk.registrarUri());
            SipURI aorUri = sip.addresses.createSipURI(r.trunk.username(), registrar.getHost());
            if (registrar.getPort() > 0) {
                aorUri.setPort(registrar.getPort());
            }
            Address aor = sip.addresses.createAddress(aorUri);
            String transport = registrar.getTransportParam() == null ? "udp" : registrar.getTransportParam();
            ViaHeader via = sip.headers.createViaHeader(sip.settings.advertisedAddress(), sip.settings.port(), transport, null);
            Request request = sip.messages.createRequest(registrar, Request.REGISTER,
                    sip.headers.createCallIdHeader(r.callId), sip.headers.createCSeqHeader(++r.cseq, Request.REGISTER),
                    sip.headers.createFromHeader(aor, SipMessages.newTag()), sip.headers.createToHeader(aor, null),
                    new ArrayList<>(List.of(via)), sip.headers.createMaxForwardsHeader(70));
            SipURI contactUri = sip.addresses.createSipURI(r.trunk.username(), sip.settings.advertisedAddress());
            contactUri.setPort(sip.settings.port());
            request.addHeader(sip.headers.createContactHeader(sip.addresses.createAddress(contactUri)));
            request.addHeader(sip.headers.createExpiresHeader(expires));
            if (credentialsHeader != null) {
                request.addHeader(sip.headers.createHeader(credentialsHeader, credentials));
            }
            TrunkEgress.route(sip, request, r.trunk);
            ClientTransaction tx = sip.provider.getNewClientTransaction(request);
            tx.setApplicationData(r);
            tx.sendRequest();
        } catch (Exception e) {
            if (expires > 0) {
                failed(r, e.toString());
            }
        }
    }

    /** The expiry the registrar granted our contact: its Contact's expires, else Expires, else what we asked. */
    private int grantedExpires(Response response, Request sent) {
        ListIterator<?> contacts = response.getHeaders(ContactHeader.NAME);
        String ours = ((ContactHeader) sent.getHeader(ContactHeader.NAME)).getAddress().getURI().toString();
        while (contacts != null && contacts.hasNext()) {
            ContactHeader contact = (ContactHeader) contacts.next();
            if (contact.getAddress().getURI().toString().equals(ours) && contact.getExpires() >= 0) {
                return contact.getExpires();
            }
        }
        ExpiresHeader expires = response.getExpires();
        if (expires != null) {
            return expires.getExpires();
        }
        ExpiresHeader asked = sent.getExpires();
        return asked == null ? 0 : asked.getExpires();
    }

    private static String stripScheme(String challenge) {
        String trimmed = challenge.trim();
        return trimmed.regionMatches(true, 0, "Digest", 0, 6) ? trimmed.substring(6).trim() : trimmed;
    }
}
