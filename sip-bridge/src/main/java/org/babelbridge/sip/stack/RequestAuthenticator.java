package org.babelbridge.sip.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sip.ServerTransaction;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.babelbridge.sip.SipAccount;
import org.babelbridge.sip.SipAccounts;
import org.babelbridge.sip.auth.AuthFailureLimiter;
import org.babelbridge.sip.auth.DigestAuthenticator;
import org.babelbridge.sip.auth.DigestCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Digest-authenticates a request or answers it: 401 with MD5 and SHA-256 challenges when it carries
 * no (or stale) credentials, 403 when they are wrong whatever the reason, 503 while its source is
 * rate-limited. Thread-safe.
 */
final class RequestAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(RequestAuthenticator.class);

    private final DigestAuthenticator digest;
    private final AuthFailureLimiter limiter;
    private final SipAccounts accounts;
    private final SipMessages sip;
    private final ClientAddress clients;

    RequestAuthenticator(DigestAuthenticator digest, AuthFailureLimiter limiter, SipAccounts accounts, SipMessages sip,
                         ClientAddress clients) {
        this.digest = digest;
        this.limiter = limiter;
        this.accounts = accounts;
        this.sip = sip;
        this.clients = clients;
    }

    /**
     * Returns the authenticated account, or empty after having answered the request itself.
     * {@code expectedUser}, when not null, must equal the digest username (the AOR being registered).
     */
    Optional<SipAccount> authenticate(ServerTransaction tx, Request request, String expectedUser) {
        String source = clients.of(request);
        if (limiter.isBlocked(source)) {
            LOG.info("{} from {} refused: too many failed authentications", request.getMethod(), source);
            sip.respond(tx, request, Response.SERVICE_UNAVAILABLE, null, null, retryAfter());
            return Optional.empty();
        }
        String authorization = SipMessages.headerValue(request, "Authorization");
        if (authorization == null) {
            authorization = SipMessages.headerValue(request, "Proxy-Authorization");
        }
        if (authorization == null) {
            challenge(tx, request, false);
            return Optional.empty();
        }
        Optional<DigestCredentials> credentials = DigestCredentials.parse(authorization);
        if (credentials.isEmpty()) {
            fail(tx, request, source, "malformed Authorization header");
            return Optional.empty();
        }
        DigestCredentials c = credentials.get();
        if (expectedUser != null && !expectedUser.equals(c.username())) {
            fail(tx, request, source, "digest username differs from the address of record");
            return Optional.empty();
        }
        Optional<SipAccount> account = accounts.findBySipUsername(c.username());
        DigestAuthenticator.Outcome outcome = digest.verify(request.getMethod(), c, account);
        if (outcome instanceof DigestAuthenticator.Outcome.Accepted accepted) {
            return Optional.of(accepted.account());
        }
        if (outcome instanceof DigestAuthenticator.Outcome.Stale) {
            challenge(tx, request, true);
            return Optional.empty();
        }
        fail(tx, request, source, "wrong credentials for " + c.username());
        return Optional.empty();
    }

    private void fail(ServerTransaction tx, Request request, String source, String why) {
        limiter.recordFailure(source);
        LOG.info("{} from {} refused: {}", request.getMethod(), source, why);
        sip.respond(tx, request, Response.FORBIDDEN);
    }

    private void challenge(ServerTransaction tx, Request request, boolean stale) {
        List<Header> challenges = new ArrayList<>();
        try {
            for (String value : digest.challenges(stale)) {
                challenges.add(sip.headers.createHeader("WWW-Authenticate", value));
            }
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("our own challenge does not parse", e);
        }
        sip.respond(tx, request, Response.UNAUTHORIZED, null, null, challenges);
    }

    private List<Header> retryAfter() {
        try {
            return List.of(sip.headers.createRetryAfterHeader(60));
        } catch (javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
    }
}
