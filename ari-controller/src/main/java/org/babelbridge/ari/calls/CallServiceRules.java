package org.babelbridge.ari.calls;

import org.babelbridge.ari.CallRefusedException;
import org.babelbridge.ari.CallRules;
import org.babelbridge.ari.CallUser;
import org.babelbridge.ari.SoftphoneAccount;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.CallParticipant;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.CallSession;
import org.babelbridge.calls.LeaveResult;
import org.babelbridge.calls.PresenceService;
import org.babelbridge.calls.RuleViolationException;
import org.babelbridge.calls.SipCredentials;
import org.babelbridge.calls.SipIdentityService;
import org.babelbridge.calls.UserAccount;
import org.babelbridge.db.UserRepository;

import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * The Asterisk front's call rules over the calls services: the same {@link CallService} operations
 * the SIP front uses (authorize, start on answer, recordMissed, addParticipant, leave, setMuted), so
 * both fronts write the same rows for the same calls. Presence of softphones comes from Asterisk's
 * PJSIP endpoint states under the source {@code asterisk:<sip username>}.
 * Blocking (JDBC); thread-safe.
 */
public final class CallServiceRules implements CallRules {
    static final String PRESENCE_SOURCE = "asterisk:";

    private final CallService calls;
    private final AccountService accounts;
    private final SipIdentityService sipIdentities;
    private final PresenceService presence;
    private final UserRepository users;

    public CallServiceRules(CallService calls, AccountService accounts, SipIdentityService sipIdentities,
                            PresenceService presence, UserRepository users) {
        this.calls = calls;
        this.accounts = accounts;
        this.sipIdentities = sipIdentities;
        this.presence = presence;
        this.users = users;
    }

    @Override
    public Optional<CallUser> userBySipUsername(String sipUsername) {
        return sipIdentities.findSipCredentials(sipUsername)
                .flatMap(c -> accounts.find(c.userId()))
                .map(CallServiceRules::toCallUser);
    }

    @Override
    public Optional<CallUser> userByPhoneNumber(String phoneNumber) {
        return accounts.findUserByPhoneNumber(phoneNumber).map(CallServiceRules::toCallUser);
    }

    @Override
    public Optional<CallUser> findByDialled(String dialled) {
        String d = dialled.trim();
        if (d.matches("\\+?[0-9][0-9 ()-]{3,}")) {
            Optional<CallUser> byPhone = userByPhoneNumber(d.startsWith("+") ? d : "+" + d);
            if (byPhone.isPresent()) {
                return byPhone;
            }
        }
        return userBySipUsername(d);
    }

    @Override
    public void authorize(long callerId, long calleeId) {
        refusals(() -> {
            calls.authorize(callerId, calleeId);
            return null;
        });
    }

    @Override
    public long start(long callerId, long calleeId) {
        return refusals(() -> calls.start(callerId, calleeId).id());
    }

    @Override
    public void recordMissed(long callerId, long calleeId) {
        calls.recordMissed(callerId, calleeId);
    }

    @Override
    public CallUser addParticipant(long callId, long inviterId, long userId) {
        return refusals(() -> {
            calls.addParticipant(callId, inviterId, userId);
            return accounts.find(userId).map(CallServiceRules::toCallUser).orElseThrow(() ->
                    new CallRefusedException(CallRefusedException.Reason.UNKNOWN_TARGET, "user " + userId + " not found"));
        });
    }

    @Override
    public boolean leave(long callId, long userId) {
        try {
            LeaveResult result = calls.leave(callId, userId);
            return result.callEnded();
        } catch (RuleViolationException e) {
            // Already not a participant (ended meanwhile, e.g. by the REST API): nothing left to end here.
            return calls.find(callId).map(c -> !c.active()).orElse(true);
        }
    }

    @Override
    public void setMuted(long callId, long userId, boolean muted) {
        refusals(() -> calls.setMuted(callId, userId, muted));
    }

    @Override
    public Optional<Boolean> activeParticipantMuted(long callId, long userId) {
        return calls.find(callId)
                .filter(CallSession::active)
                .flatMap(c -> c.participants().stream().filter(p -> p.userId() == userId && p.active()).findFirst())
                .map(CallParticipant::muted);
    }

    @Override
    public void endpointPresence(String sipUsername, boolean online) {
        sipIdentities.findSipCredentials(sipUsername).ifPresent(c -> {
            if (online) {
                presence.markOnline(c.userId(), PRESENCE_SOURCE + c.sipUsername(), null);
            } else {
                presence.markOffline(c.userId(), PRESENCE_SOURCE + c.sipUsername());
            }
        });
    }

    /** Every user with a SIP secret, as PJSIP endpoints to push to Asterisk. */
    public List<SoftphoneAccount> softphoneAccounts() {
        return StreamSupport.stream(users.findAll().spliterator(), false)
                .filter(u -> u.sipUsername() != null && u.sipHa1Md5() != null)
                .map(u -> new SoftphoneAccount(u.sipUsername(), u.sipHa1Md5(), u.primaryLanguage()))
                .toList();
    }

    /** The account to push after {@code userId} got a new SIP secret. */
    public Optional<SoftphoneAccount> softphoneAccount(String sipUsername) {
        return sipIdentities.findSipCredentials(sipUsername)
                .flatMap(c -> accounts.find(c.userId()).map(u -> account(c, u)));
    }

    private static SoftphoneAccount account(SipCredentials c, UserAccount u) {
        return new SoftphoneAccount(c.sipUsername(), c.ha1Md5(), u.primaryLanguage().code());
    }

    static CallUser toCallUser(UserAccount u) {
        return new CallUser(u.id(), u.primaryLanguage().code(), u.sipUsername(), u.phoneNumber(), u.fullName());
    }

    private static <T> T refusals(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (RuleViolationException e) {
            throw new CallRefusedException(reasonOf(e), e.getMessage());
        }
    }

    private static CallRefusedException.Reason reasonOf(RuleViolationException e) {
        return switch (e.violation()) {
            case NOT_A_CONTACT -> CallRefusedException.Reason.NOT_A_CONTACT;
            case OFFLINE -> CallRefusedException.Reason.OFFLINE;
            case BUSY -> CallRefusedException.Reason.BUSY;
            case CALL_FULL -> CallRefusedException.Reason.CALL_FULL;
            case NOT_A_PARTICIPANT -> CallRefusedException.Reason.NOT_A_PARTICIPANT;
            case NOT_FOUND -> CallRefusedException.Reason.UNKNOWN_TARGET;
            default -> CallRefusedException.Reason.CALL_NOT_ACTIVE;
        };
    }
}
