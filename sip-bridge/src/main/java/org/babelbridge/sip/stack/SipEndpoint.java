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
import org.babelbridge.sip.SipMedia;
import org.babelbridge.sip.SipSettings;
import org.babelbridge.sip.auth.AuthFailureLimiter;
import org.babelbridge.sip.auth.DigestAuthenticator;
import org.babelbridge.sip.auth.NonceIssuer;
import org.babelbridge.sip.registrar.BindingTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the JAIN-SIP stack (UDP and TCP listening points on one port) and dispatches each request to
 * the registrar or the call handler. Every event is handled in isolation: an exception answers 500
 * (or drops the message) and the endpoint keeps serving. Events arrive on the stack's bounded pool.
 */
public final class SipEndpoint implements SipListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SipEndpoint.class);
    private static final AtomicInteger STACKS = new AtomicInteger();
    private static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER";

    private final SipSettings settings;
    private final SipStack stack;
    private final SipProvider provider;
    private final SipMessages sip;
    private final RegisterHandler registrar;
    private final CallHandler calls;
    private final BindingTable bindings;
    private final ScheduledExecutorService timers;

    private SipEndpoint(SipSettings settings, SipStack stack, SipProvider provider, SipMessages sip,
                        RegisterHandler registrar, CallHandler calls, BindingTable bindings,
                        ScheduledExecutorService timers) {
        this.settings = settings;
        this.stack = stack;
        this.provider = provider;
        this.sip = sip;
        this.registrar = registrar;
        this.calls = calls;
        this.bindings = bindings;
        this.timers = timers;
    }

    /** Binds the listening points and starts serving. */
    public static SipEndpoint start(SipSettings settings, SipAccounts accounts, Presence presence, CallRules rules,
                                    SipMedia media, Clock clock) throws IOException {
        // The stack's static loggers fall back to log4j 1.2 unless ours is installed first.
        CommonLogger.legacyLogger = new Slf4jStackLogger();
        Properties properties = StackProperties.of("babel-bridge-" + STACKS.incrementAndGet());
        properties.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        properties.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        properties.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
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
            provider.setAutomaticDialogSupportEnabled(true);

            SipMessages sip = new SipMessages(factory.createAddressFactory(), factory.createHeaderFactory(),
                    factory.createMessageFactory(), provider, settings);
            DigestAuthenticator digest = new DigestAuthenticator(settings.realm(),
                    new NonceIssuer(clock, settings.nonceLifetimeSeconds() * 1000), settings.digestAlgorithms());
            AuthFailureLimiter limiter = new AuthFailureLimiter(clock, settings.authFailuresPerMinute(), 60_000);
            RequestAuthenticator authenticator = new RequestAuthenticator(digest, limiter, accounts, sip);
            BindingTable bindings = new BindingTable(clock, presence);
            ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sip-timers");
                t.setDaemon(true);
                return t;
            });
            RegisterHandler registrar = new RegisterHandler(sip, authenticator, bindings, clock);
            CallHandler calls = new CallHandler(sip, authenticator, bindings, rules, media, timers);
            SipEndpoint endpoint = new SipEndpoint(settings, stack, provider, sip, registrar, calls, bindings, timers);
            provider.addSipListener(endpoint);
            stack.start();
            timers.scheduleWithFixedDelay(endpoint::sweepSafely, 5, 5, TimeUnit.SECONDS);
            LOG.info("SIP listening on {}:{} (udp, tcp), advertised as {}", settings.bindAddress(), settings.port(),
                    settings.advertisedAddress());
            return endpoint;
        } catch (javax.sip.SipException | java.text.ParseException | javax.sip.InvalidArgumentException
                 | java.util.TooManyListenersException e) {
            throw new IOException("cannot start SIP on " + settings.bindAddress() + ":" + settings.port()
                    + " (babel.sip.bind-address / babel.sip.port): " + e.getMessage(), e);
        }
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

    /** INVITEs a further participant into an answered call; they join when they answer. */
    public void invite(long callId, long inviterUserId, long userId) throws org.babelbridge.sip.CallRejectedException {
        calls.invite(callId, inviterUserId, userId);
    }

    private void sweepSafely() {
        try {
            bindings.sweep();
        } catch (RuntimeException e) {
            LOG.warn("registration sweep failed", e);
        }
    }

    @Override
    public void processRequest(RequestEvent event) {
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
            return; // a retransmission the stack will absorb
        } catch (Exception e) {
            LOG.info("dropped a {} that opens no transaction: {}", method, e.toString());
            return;
        }
        if (hopsExhausted(request)) {
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
        try {
            calls.handleResponse(event);
        } catch (Exception e) {
            LOG.warn("response {} could not be handled", event.getResponse().getStatusCode(), e);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        try {
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
            calls.hangUpAll();
        } catch (RuntimeException e) {
            LOG.warn("hanging up calls on shutdown failed", e);
        }
        timers.shutdownNow();
        provider.removeSipListener(this);
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
