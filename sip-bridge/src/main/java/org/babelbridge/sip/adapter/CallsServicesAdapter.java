package org.babelbridge.sip.adapter;

import java.time.Instant;
import java.util.Optional;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.CallStateRecorder;
import org.babelbridge.calls.DatabaseOutage;
import org.babelbridge.calls.PresenceService;
import org.babelbridge.calls.RuleViolationException;
import org.babelbridge.calls.SipIdentityService;
import org.babelbridge.calls.UserAccount;
import org.babelbridge.calls.Violation;
import org.babelbridge.sip.CallCheck;
import org.babelbridge.sip.CallParty;
import org.babelbridge.sip.CallRejectedException;
import org.babelbridge.sip.CallRules;
import org.babelbridge.sip.Presence;
import org.babelbridge.sip.SipAccount;
import org.babelbridge.sip.SipAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP front's ports served by the calls services: SIP identities, presence (one source per
 * registered contact) and the call rules and records. Thread-safe; every method may block on JDBC.
 */
public final class CallsServicesAdapter implements SipAccounts, Presence, CallRules {

    private static final Logger LOG = LoggerFactory.getLogger(CallsServicesAdapter.class);

    private final SipIdentityService identities;
    private final AccountService accounts;
    private final PresenceService presence;
    private final CallService calls;
    private final CallStateRecorder callState;

    /** Leaves and mutes are written straight to the database (and fail while it is unavailable). */
    public CallsServicesAdapter(SipIdentityService identities, AccountService accounts, PresenceService presence,
                                CallService calls) {
        this(identities, accounts, presence, calls, null);
    }

    /** Leaves and mutes go through {@code callState}, which spools them while the database is unavailable. */
    public CallsServicesAdapter(SipIdentityService identities, AccountService accounts, PresenceService presence,
                                CallService calls, CallStateRecorder callState) {
        this.identities = identities;
        this.accounts = accounts;
        this.presence = presence;
        this.calls = calls;
        this.callState = callState;
    }

    @Override
    public Optional<SipAccount> findBySipUsername(String sipUsername) {
        return identities.findSipCredentials(sipUsername)
                .map(c -> new SipAccount(c.userId(), c.sipUsername(), c.realm(), c.ha1Md5(), c.ha1Sha256()));
    }

    @Override
    public void online(long userId, String contactUri, Instant expiresAt) {
        presence.markOnline(userId, contactUri, expiresAt);
    }

    @Override
    public void offline(long userId, String contactUri) {
        presence.markOffline(userId, contactUri);
    }

    @Override
    public Optional<CallParty> findByDialled(String dialled) {
        Optional<UserAccount> user = identities.findSipCredentials(dialled).flatMap(c -> accounts.find(c.userId()));
        if (user.isEmpty()) {
            user = accounts.findUserByPhoneNumber(dialled);
        }
        return user.map(CallsServicesAdapter::party);
    }

    @Override
    public Optional<CallParty> findById(long userId) {
        return accounts.find(userId).map(CallsServicesAdapter::party);
    }

    @Override
    public void addParticipant(long callId, long inviterUserId, long userId) throws CallRejectedException {
        try {
            calls.addParticipant(callId, inviterUserId, userId);
        } catch (RuleViolationException e) {
            throw new CallRejectedException(checkOf(e.violation()), e.getMessage());
        }
    }

    @Override
    public CallCheck check(long callerUserId, long calleeUserId) {
        try {
            calls.authorize(callerUserId, calleeUserId);
            return CallCheck.ALLOWED;
        } catch (RuleViolationException e) {
            return checkOf(e.violation());
        }
    }

    @Override
    public long start(long callerUserId, long calleeUserId) throws CallRejectedException {
        try {
            return calls.start(callerUserId, calleeUserId).id();
        } catch (RuleViolationException e) {
            throw new CallRejectedException(checkOf(e.violation()), e.getMessage());
        }
    }

    @Override
    public Optional<String> phoneNumberOf(long userId) {
        return accounts.find(userId).map(UserAccount::phoneNumber);
    }

    @Override
    public CallCheck checkReachableByPhone(long callerUserId, long calleeUserId) {
        try {
            calls.authorizeByPhone(callerUserId, calleeUserId);
            return CallCheck.ALLOWED;
        } catch (RuleViolationException e) {
            return checkOf(e.violation());
        }
    }

    @Override
    public long startReachableByPhone(long callerUserId, long calleeUserId) throws CallRejectedException {
        try {
            return calls.startByPhone(callerUserId, calleeUserId).id();
        } catch (RuleViolationException e) {
            throw new CallRejectedException(checkOf(e.violation()), e.getMessage());
        }
    }

    @Override
    public void recordMissed(long callerUserId, long calleeUserId) {
        try {
            calls.recordMissed(callerUserId, calleeUserId);
        } catch (RuleViolationException e) {
            LOG.warn("missed call {} -> {} not recorded: {}", callerUserId, calleeUserId, e.getMessage());
        } catch (RuntimeException e) {
            if (!DatabaseOutage.isOutage(e)) {
                throw e;
            }
            // The front must still release the ringing call's ports; only its history line is lost.
            LOG.warn("missed call {} -> {} not recorded: the database is unavailable", callerUserId, calleeUserId);
        }
    }

    @Override
    public boolean leave(long callId, long userId) {
        if (callState != null) {
            return switch (callState.leave(callId, userId)) {
                case CALL_ENDED -> true;
                // Spooled: the front ends the call by its own count of legs and records the others' leaves too.
                case APPLIED, SPOOLED -> false;
                case REFUSED -> calls.find(callId).map(c -> !c.active()).orElse(true);
            };
        }
        try {
            return calls.leave(callId, userId).callEnded();
        } catch (RuleViolationException e) {
            // Already out of the call (ended by the other side meanwhile): nothing left to end.
            LOG.info("user {} leaving call {}: {}", userId, callId, e.getMessage());
            return calls.find(callId).map(c -> !c.active()).orElse(true);
        }
    }

    @Override
    public void setMuted(long callId, long userId, boolean muted) {
        if (callState != null) {
            callState.setMuted(callId, userId, muted);
            return;
        }
        try {
            calls.setMuted(callId, userId, muted);
        } catch (RuleViolationException e) {
            LOG.info("mute of user {} in call {} refused: {}", userId, callId, e.getMessage());
        }
    }

    private static CallParty party(UserAccount user) {
        String sipName = user.sipUsername() != null ? user.sipUsername()
                : user.phoneNumber() != null ? user.phoneNumber() : "user" + user.id();
        return new CallParty(user.id(), sipName, user.primaryLanguage().code());
    }

    private static CallCheck checkOf(Violation violation) {
        return switch (violation) {
            case OFFLINE -> CallCheck.OFFLINE;
            case BUSY, CALL_FULL -> CallCheck.BUSY;
            case NOT_FOUND -> CallCheck.NOT_FOUND;
            default -> CallCheck.NOT_A_CONTACT;
        };
    }
}
