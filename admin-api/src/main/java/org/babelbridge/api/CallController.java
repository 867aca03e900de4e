package org.babelbridge.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.Optional;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.CallSession;
import org.babelbridge.calls.ContactService;
import org.babelbridge.calls.RuleViolationException;
import org.babelbridge.calls.TranscriptReader;
import org.babelbridge.calls.UserAccount;
import org.babelbridge.calls.Violation;

/**
 * Call history and in-call actions. A user sees only calls they placed or took part in (others are 404, not
 * 403, so ids reveal nothing); admins see all. Mute: a muted participant's audio reaches nobody until unmuted.
 */
@Controller("/api/calls")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "calls")
@SecurityRequirement(name = "bearer")
class CallController {

    private final CurrentUser current;
    private final CallService calls;
    private final TranscriptReader transcripts;
    private final AccountService accounts;
    private final ContactService contacts;
    private final LiveCallControl live;

    CallController(CurrentUser current, CallService calls, TranscriptReader transcripts, AccountService accounts,
                   ContactService contacts, @Nullable LiveCallControl live) {
        this.current = current;
        this.calls = calls;
        this.transcripts = transcripts;
        this.accounts = accounts;
        this.contacts = contacts;
        this.live = live;
    }

    @Get
    @Operation(summary = "The caller's calls, newest first")
    List<Json.CallView> history(@QueryValue(defaultValue = "0") @Min(0) @Max(100000) int page,
                                @QueryValue(defaultValue = "20") @Min(1) @Max(200) int size, Authentication auth) {
        return calls.history(current.of(auth).id(), page * size, size).stream().map(Json.CallView::of).toList();
    }

    @Post
    @Operation(summary = "Click-to-call: ring your phone, then the contact's, and join them (202; the call is "
            + "recorded, and listed, once the contact answers)")
    HttpResponse<Json.PlacedCallView> place(@Body @Valid Json.PlaceCallRequest r, Authentication auth) {
        UserAccount me = current.of(auth);
        Optional<UserAccount> callee;
        if (r.userId() != null) {
            callee = accounts.find(r.userId());
        } else if (r.email() != null) {
            callee = accounts.findByEmail(r.email());
        } else if (r.phoneNumber() != null) {
            callee = accounts.findUserByPhoneNumber(r.phoneNumber());
        } else {
            throw new RuleViolationException(Violation.INVALID_INPUT, "userId, email or phoneNumber is required");
        }
        // an unknown person answers like a stranger: ids, addresses and numbers reveal nothing
        long calleeId = callee.map(UserAccount::id).filter(id -> id != me.id())
                .filter(id -> contacts.mayCall(me.id(), id))
                .orElseThrow(() -> new RuleViolationException(Violation.NOT_A_CONTACT));
        if (live == null) {
            throw new ApiException(503, "No phones to ring",
                    "click-to-call needs the built-in SIP front (babel.sip.enabled)");
        }
        live.ring(me.id(), calleeId);
        return HttpResponse.accepted().body(new Json.PlacedCallView("ringing", me.id(), calleeId));
    }

    @Get("/{id}")
    Json.CallView call(long id, Authentication auth) {
        return Json.CallView.of(visible(id, current.of(auth)));
    }

    @Get("/{id}/transcript")
    @Operation(summary = "One row per utterance per listener language, ordered by time from call start")
    List<Json.TranscriptView> transcript(long id, Authentication auth) {
        visible(id, current.of(auth));
        return transcripts.transcriptOf(id).stream().map(Json.TranscriptView::of).toList();
    }

    @Post("/{id}/participants")
    @Operation(summary = "Invite a contact (by email or userId) into an active call of 2-4 participants")
    Json.CallView invite(long id, @Body @Valid Json.InviteRequest r, Authentication auth) {
        UserAccount me = current.of(auth);
        visible(id, me);
        long invitee;
        if (r.userId() != null) {
            invitee = r.userId();
        } else if (r.email() != null) {
            invitee = accounts.findByEmail(r.email()).map(UserAccount::id)
                    .orElseThrow(() -> new RuleViolationException(Violation.NOT_A_CONTACT));
        } else {
            throw new RuleViolationException(Violation.INVALID_INPUT, "email or userId is required");
        }
        if (isLive(id)) {
            // the phone rings now; the call record gains the participant when they answer
            return Json.CallView.of(checkInvitable(id, me.id(), invitee));
        }
        return Json.CallView.of(calls.addParticipant(id, me.id(), invitee));
    }

    @Post("/{id}/mute")
    @Operation(summary = "Mute yourself: the others stop hearing you (original and dubbed)")
    Json.CallView mute(long id, Authentication auth) {
        return setMuted(id, actor(id, auth), true);
    }

    @Post("/{id}/unmute")
    Json.CallView unmute(long id, Authentication auth) {
        return setMuted(id, actor(id, auth), false);
    }

    @Post("/{id}/leave")
    @Operation(summary = "Leave; the call ends when fewer than 2 remain")
    Json.CallView leave(long id, @Nullable Authentication auth) {
        long me = actor(id, auth);
        if (isLive(id) && live.hangUp(id, me)) {
            return Json.CallView.of(calls.find(id).orElseThrow());
        }
        return Json.CallView.of(calls.leave(id, me).call());
    }

    /** The caller's id, once the call is visible to them: strangers get 404 for actions too, like for reads. */
    private long actor(long id, Authentication auth) {
        UserAccount me = current.of(auth);
        visible(id, me);
        return me.id();
    }

    private Json.CallView setMuted(long id, long userId, boolean muted) {
        CallSession call = calls.setMuted(id, userId, muted);
        if (isLive(id)) {
            live.setMuted(id, userId, muted);
        }
        return Json.CallView.of(call);
    }

    private boolean isLive(long callId) {
        return live != null && live.carries(callId);
    }

    /** The rules the call record would apply on answer, checked before the phone rings; then the ring. */
    private CallSession checkInvitable(long callId, long inviterId, long userId) {
        CallSession call = calls.find(callId)
                .orElseThrow(() -> new RuleViolationException(Violation.NOT_FOUND, "call not found"));
        if (!call.active()) {
            throw new RuleViolationException(Violation.CALL_NOT_ACTIVE);
        }
        if (!call.activeUserIds().contains(inviterId)) {
            throw new RuleViolationException(Violation.NOT_A_PARTICIPANT);
        }
        if (!contacts.mayCall(inviterId, userId)) {
            throw new RuleViolationException(Violation.NOT_A_CONTACT);
        }
        if (call.activeUserIds().size() >= CallService.MAX_PARTICIPANTS) {
            throw new RuleViolationException(Violation.CALL_FULL, "a call has at most 4 participants");
        }
        if (calls.activeCallOf(userId).isPresent()) {
            throw new RuleViolationException(Violation.BUSY);
        }
        live.invite(callId, inviterId, userId);
        return call;
    }

    private CallSession visible(long id, UserAccount me) {
        return calls.find(id)
                .filter(c -> CurrentUser.isAdmin(me) || c.hasParticipant(me.id())
                        || (c.callerUserId() != null && c.callerUserId() == me.id()))
                .orElseThrow(() -> new RuleViolationException(Violation.NOT_FOUND, "call not found"));
    }
}
