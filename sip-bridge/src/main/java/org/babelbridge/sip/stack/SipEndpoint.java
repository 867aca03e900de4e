package org.babelbridge.sip.stack;

import gov.nist.core.CommonLogger;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.babelbridge.calls.DatabaseOutage;
import org.babelbridge.sip.CallRules;
import org.babelbridge.sip.Presence;
import org.babelbridge.sip.SipAccounts;
import org.babelbridge.sip.SipCluster;
import org.babelbridge.sip.SipCounters;
import org.babelbridge.sip.SipFrontOptions;
import org.babelbridge.sip.SipMedia;
import org.babelbridge.sip.SipSettings;
import org.babelbridge.sip.SipTlsSettings;
import org.babelbridge.sip.auth.AuthFailureLimiter;
import org.babelbridge.sip.auth.DigestAuthenticator;
import org.babelbridge.sip.auth.NonceIssuer;
import org.babelbridge.sip.registrar.BindingTable;
import org.babelbridge.sip.trunk.Trunks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Owns the JAIN-SIP stack (UDP and TCP listening points on one port, TLS on another when configured) and dispatches each request to
 * the registrar or the call handler. Every event is handled in isolation: an exception answers 500
 * (or drops the message) and the endpoint keeps serving. Events arrive on the stack's bounded pool; the
 * call rules' work goes on to the call workers ({@link CallWorkers}), so those threads keep parsing.
 */
public final class SipEndpoint implements SipListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SipEndpoint.class);
    private static final AtomicInteger STACKS = new AtomicInteger();
    private static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER";
    /** A failed or unanswered registration with a trunk is tried again after this. */
    private static final long TRUNK_REGISTER_RETRY_MS = 30_000;

    private final SipSettings settings;
    private final SipStack stack;
    private final SipProvider provider;
    private final SipMessages sip;
    private final RegisterHandler registrar;
    private final CallHandler calls;
    private final BindingTable bindings;
    private final ScheduledExecutorService timers;
    private final TrunkRegistrations trunkRegistrations;
    private final CallWorkers callWorkers;

    private SipEndpoint(SipSettings settings, SipStack stack, SipProvider provider, SipMessages sip,
                        RegisterHandler registrar, CallHandler calls, BindingTable bindings,
                        ScheduledExecutorService timers, TrunkRegistrations trunkRegistrations,
                        CallWorkers callWorkers) {
        this.callWorkers = callWorkers;
        this.trunkRegistrations = trunkRegistrations;
        this.settings = settings;
        this.stack = stack;
        this.provider = provider;
        this.sip = sip;
        this.registrar = registrar;
        this.calls = calls;
        this.bindings = bindings;
        this.timers = timers;
    }

    /** Binds the UDP and TCP listening points and starts serving: one instance, no TLS, no trunk. */
    public static SipEndpoint start(SipSettings settings, SipAccounts accounts, Presence presence, CallRules rules,
                                    SipMedia media, Clock clock) throws IOException {
        return start(settings, SipFrontOptions.standalone(), accounts, presence, rules, media, clock);
    }

    /**
     * Binds the listening points (UDP, TCP, and TLS when {@code options.tls()} is set), starts serving,
     * registers with the trunks that ask for it and shares registrations as {@code options.cluster()} says.
     */
    public static SipEndpoint start(SipSettings settings, SipFrontOptions options, SipAccounts accounts,
                                    Presence presence, CallRules rules, SipMedia media, Clock clock) throws IOException {
        SipTlsSettings tls = options.tls();
        Trunks trunks = options.trunks();
        SipCounters counters = options.counters();
        SipCluster cluster = options.cluster();
        // The stack's static loggers fall back to log4j 1.2 unless ours is installed first.
        CommonLogger.legacyLogger = new Slf4jStackLogger();
        Properties properties = StackProperties.of("babel-bridge-" + STACKS.incrementAndGet());
        properties.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        properties.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        properties.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        if (tls != null) {
            tls.requireReadableStores();
            tlsProperties(properties, tls);
        }
        try {
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            SipStack stack = factory.createSipStack(properties);
            ListeningPoint udp = stack.createListeningPoint(settings.bindAddress(), settings.port(), ListeningPoint.UDP);
            ListeningPoint tcp = stack.createListeningPoint(settings.bindAddress(), settings.port(), ListeningPoint.TCP);
            udp.setSentBy(settings.advertisedAddress() + ":" + settings.port());
            tcp.setSentBy(settings.advertisedAddress() + ":" + settings.port());
            SipProvider provider = stack.createSipProvider(udp);
            provider.addListeningPoint(tcp);
            if (tls != null) {
                ListeningPoint secure = stack.createListeningPoint(settings.bindAddress(), tls.port(), ListeningPoint.TLS);
                secure.setSentBy(settings.advertisedAddress() + ":" + tls.port());
                provider.addListeningPoint(secure);
            }
            provider.setAutomaticDialogSupportEnabled(true);

            SipMessages sip = new SipMessages(factory.createAddressFactory(), factory.createHeaderFactory(),
                    factory.createMessageFactory(), provider, settings, tls == null ? -1 : tls.port(), counters);
            DigestAuthenticator digest = new DigestAuthenticator(settings.realm(),
                    new NonceIssuer(clock, settings.nonceLifetimeSeconds() * 1000), settings.digestAlgorithms());
            AuthFailureLimiter limiter = new AuthFailureLimiter(clock, settings.authFailuresPerMinute(), 60_000);
            RequestAuthenticator authenticator = new RequestAuthenticator(digest, limiter, accounts, sip,
                    new ClientAddress(cluster.trustedProxies()));
            BindingTable bindings = new BindingTable(clock, presence, cluster.bindings());
            ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sip-timers");
                t.setDaemon(true);
                return t;
            });
            RegisterHandler registrar = new RegisterHandler(sip, authenticator, bindings, clock);
            CallWorkers callWorkers = new CallWorkers(options.callWork(), "sip-calls-" + settings.port());
            CallHandler calls = new CallHandler(sip, authenticator, bindings, rules, media, timers, trunks, callWorkers,
                    options.callWork().retryAfterSeconds());
            TrunkRegistrations trunkRegistrations = new TrunkRegistrations(sip, timers, trunks.all(),
                    TRUNK_REGISTER_RETRY_MS);
            SipEndpoint endpoint = new SipEndpoint(settings, stack, provider, sip, registrar, calls, bindings, timers,
                    trunkRegistrations, callWorkers);
            provider.addSipListener(endpoint);
            stack.start();
            timers.scheduleWithFixedDelay(endpoint::sweepSafely, 5, 5, TimeUnit.SECONDS);
            trunkRegistrations.start();
            LOG.info("SIP listening on {}:{} (udp, tcp){}, advertised as {}", settings.bindAddress(), settings.port(),
                    tls == null ? "" : " and " + tls.port() + " (tls)", settings.advertisedAddress());
            return endpoint;
        } catch (javax.sip.SipException | java.text.ParseException | javax.sip.InvalidArgumentException
                 | java.util.TooManyListenersException e) {
            throw new IOException("cannot start SIP on " + settings.bindAddress() + ":" + settings.port()
                    + " (babel.sip.bind-address / babel.sip.port): " + e.getMessage(), e);
        }
    }

    /**
     * The JAIN-SIP TLS settings: our certificate from the key store, no client certificates asked of
     * phones (they authenticate with digest), TLS 1.2 or 1.3 with forward-secret AEAD suites only, and a
     * handshake deadline so a peer that stalls mid-handshake cannot hold a connection thread.
     */
    private static void tlsProperties(Properties properties, SipTlsSettings tls) {
        properties.setProperty("javax.net.ssl.keyStore", tls.keyStore().toString());
        properties.setProperty("javax.net.ssl.keyStorePassword", tls.keyStorePassword());
        properties.setProperty("javax.net.ssl.keyStoreType", tls.keyStoreType());
        properties.setProperty("javax.net.ssl.trustStore", tls.trustStore().toString());
        properties.setProperty("javax.net.ssl.trustStorePassword", tls.trustStorePassword());
        properties.setProperty("javax.net.ssl.trustStoreType", tls.keyStoreType());
        properties.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
        properties.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.2, TLSv1.3");
        properties.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(" ",
                "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"));
        properties.setProperty("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", "10000");
    }

    /** Trunk name to whether the bridge is registered with it now (trunks that register only). */
    public java.util.Map<String, Boolean> trunkRegistrations() {
        return trunkRegistrations.status();
    }

    public BindingTable bindings() {
        return bindings;
    }

    public int activeCalls() {
        return calls.activeCalls();
    }

    public boolean carries(long callId) {
        return calls.carries(callId);
    }

    public boolean hangUp(long callId, long userId) {
        return calls.hangUp(callId, userId);
    }

    public boolean setMuted(long callId, long userId, boolean muted) {
        return calls.setMuted(callId, userId, muted);
    }

    /** Click-to-call: rings the caller's phone, then the callee, and bridges them. Returns at once. */
    public void ring(long callerUserId, long calleeUserId) throws org.babelbridge.sip.CallRejectedException {
        calls.ring(callerUserId, calleeUserId);
    }

    /** INVITEs a further participant into an answered call; they join when they answer. */
    public void invite(long callId, long inviterUserId, long userId) throws org.babelbridge.sip.CallRejectedException {
        calls.invite(callId, inviterUserId, userId);
    }

    private void sweepSafely() {
        try {
            bindings.sweep();
        } catch (RuntimeException e) {
            if (DatabaseOutage.isOutage(e)) {
                LOG.info("registration sweep skipped: the database is unavailable");
            } else {
                LOG.warn("registration sweep failed", e);
            }
        }
    }

    @Override
    public void processRequest(RequestEvent event) {
        MDC.put(CallHandler.LOG_STAGE, "sip");
        calls.tagLogContext(event.getRequest());
        try {
            handleRequest(event);
        } finally {
            clearLogContext();
        }
    }

    private static void clearLogContext() {
        MDC.remove(CallHandler.LOG_STAGE);
        MDC.remove(CallHandler.LOG_CALL_ID);
        MDC.remove(CallHandler.LOG_PARTICIPANT_ID);
    }

    private void handleRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        if (method.equals(Request.ACK)) {
            calls.handleAck(request);
            return;
        }
        ServerTransaction tx = event.getServerTransaction();
        try {
            if (tx == null) {
                tx = provider.getNewServerTransaction(request);
            }
        } catch (TransactionAlreadyExistsException e) {
            sip.counters.dropped(SipCounters.DropReason.RETRANSMISSION);
            return; // a retransmission the stack will absorb
        } catch (Exception e) {
            sip.counters.dropped(SipCounters.DropReason.NO_TRANSACTION);
            LOG.info("dropped a {} that opens no transaction: {}", method, e.toString());
            return;
        }
        if (hopsExhausted(request)) {
            sip.counters.dropped(SipCounters.DropReason.TOO_MANY_HOPS);
            LOG.info("{} from {} refused: Max-Forwards exhausted", method, SipMessages.source(request));
            sip.respond(tx, request, Response.TOO_MANY_HOPS);
            return;
        }
        try {
            switch (method) {
                case Request.REGISTER -> registrar.handle(tx, request);
                case Request.INVITE -> calls.handleInvite(tx, request);
                case Request.CANCEL -> calls.handleCancel(tx, request);
                case Request.BYE -> calls.handleBye(tx, request);
                case Request.OPTIONS -> options(tx, request);
                default -> sip.respond(tx, request, Response.NOT_IMPLEMENTED);
            }
        } catch (Exception e) {
            answerFailure(sip, tx, request, e);
        }
    }

    /** Answers a request whose handling failed: 503 while the database is unavailable, 500 otherwise. */
    static void answerFailure(SipMessages sip, ServerTransaction tx, Request request, Exception e) {
        String method = request.getMethod();
        if (DatabaseOutage.isOutage(e)) {
            // Not our fault and not for long: the phone may retry, and nothing half-started is left behind.
            LOG.warn("{} from {} refused: the database is unavailable ({})", method, SipMessages.source(request),
                    e.toString());
            sip.respond(tx, request, Response.SERVICE_UNAVAILABLE);
            return;
        }
        LOG.warn("{} from {} failed", method, SipMessages.source(request), e);
        sip.respond(tx, request, Response.SERVER_INTERNAL_ERROR);
    }

    /**
     * A request that may travel no further (Max-Forwards 0) is refused with 483 rather than bridged on, which
     * stops forwarding loops; OPTIONS and CANCEL are still answered (RFC 3261 16.3, 11).
     */
    private static boolean hopsExhausted(Request request) {
        var maxForwards = (javax.sip.header.MaxForwardsHeader) request.getHeader(javax.sip.header.MaxForwardsHeader.NAME);
        String method = request.getMethod();
        return maxForwards != null && maxForwards.getMaxForwards() <= 0 && !method.equals(Request.OPTIONS)
                && !method.equals(Request.CANCEL);
    }

    private void options(ServerTransaction tx, Request request) throws Exception {
        List<Header> extra = List.of(sip.headers.createAllowHeader(ALLOW),
                sip.headers.createAcceptHeader("application", "sdp"));
        sip.respond(tx, request, Response.OK, SipMessages.newTag(), null, extra);
    }

    @Override
    public void processResponse(ResponseEvent event) {
        MDC.put(CallHandler.LOG_STAGE, "sip");
        calls.tagLogContext(event.getResponse());
        try {
            if (trunkRegistrations.handleResponse(event)) {
                return;
            }
            if (event.getClientTransaction() == null && !isInviteSuccess(event.getResponse())) {
                sip.counters.dropped(SipCounters.DropReason.STRAY_RESPONSE);
                return;
            }
            calls.handleResponse(event);
        } catch (Exception e) {
            LOG.warn("response {} could not be handled", event.getResponse().getStatusCode(), e);
        } finally {
            clearLogContext();
        }
    }

    /** A 2xx to an INVITE arrives outside its transaction when our ACK was lost: the dialog still wants it. */
    private static boolean isInviteSuccess(Response response) {
        var cseq = (javax.sip.header.CSeqHeader) response.getHeader(javax.sip.header.CSeqHeader.NAME);
        return cseq != null && cseq.getMethod().equals(Request.INVITE) && response.getStatusCode() / 100 == 2;
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        try {
            if (trunkRegistrations.handleTimeout(event)) {
                return;
            }
            calls.handleTimeout(event);
        } catch (RuntimeException e) {
            LOG.warn("transaction timeout could not be handled", e);
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.info("SIP I/O error towards {}:{} ({})", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // Nothing held per transaction beyond the calls, which end on their own events.
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // Idem.
    }

    @Override
    public void close() {
        try {
            trunkRegistrations.close();
        } catch (RuntimeException e) {
            LOG.warn("withdrawing trunk registrations on shutdown failed", e);
        }
        try {
            calls.hangUpAll();
        } catch (RuntimeException e) {
            LOG.warn("hanging up calls on shutdown failed", e);
        }
        timers.shutdownNow();
        provider.removeSipListener(this);
        // Work already queued (a BYE just answered) still reaches the call records before the stack goes.
        callWorkers.close();
        try {
            for (ListeningPoint lp : provider.getListeningPoints()) {
                provider.removeListeningPoint(lp);
                stack.deleteListeningPoint(lp);
            }
            stack.deleteSipProvider(provider);
        } catch (javax.sip.ObjectInUseException e) {
            LOG.warn("SIP provider still in use on shutdown: {}", e.getMessage());
        }
        stack.stop();
        LOG.info("SIP on port {} stopped", settings.port());
    }
}
