package org.babelbridge.api;

import io.micronaut.core.annotation.Nullable;
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
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.CallSession;
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

    CallController(CurrentUser current, CallService calls, TranscriptReader transcripts, AccountService accounts) {
        this.current = current;
        this.calls = calls;
        this.transcripts = transcripts;
        this.accounts = accounts;
    }

    @Get
    @Operation(summary = "The caller's calls, newest first")
    List<Json.CallView> history(@QueryValue(defaultValue = "0") @Min(0) @Max(100000) int page,
                                @QueryValue(defaultValue = "20") @Min(1) @Max(200) int size, Authentication auth) {
        return calls.history(current.of(auth).id(), page * size, size).stream().map(Json.CallView::of).toList();
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
        return Json.CallView.of(calls.addParticipant(id, me.id(), invitee));
    }

    @Post("/{id}/mute")
    @Operation(summary = "Mute yourself: the others stop hearing you (original and dubbed)")
    Json.CallView mute(long id, Authentication auth) {
        return Json.CallView.of(calls.setMuted(id, actor(id, auth), true));
    }

    @Post("/{id}/unmute")
    Json.CallView unmute(long id, Authentication auth) {
        return Json.CallView.of(calls.setMuted(id, actor(id, auth), false));
    }

    @Post("/{id}/leave")
    @Operation(summary = "Leave; the call ends when fewer than 2 remain")
    Json.CallView leave(long id, @Nullable Authentication auth) {
        return Json.CallView.of(calls.leave(id, actor(id, auth)).call());
    }

    /** The caller's id, once the call is visible to them: strangers get 404 for actions too, like for reads. */
    private long actor(long id, Authentication auth) {
        UserAccount me = current.of(auth);
        visible(id, me);
        return me.id();
    }

    private CallSession visible(long id, UserAccount me) {
        return calls.find(id)
                .filter(c -> CurrentUser.isAdmin(me) || c.hasParticipant(me.id())
                        || (c.callerUserId() != null && c.callerUserId() == me.id()))
                .orElseThrow(() -> new RuleViolationException(Violation.NOT_FOUND, "call not found"));
    }
}
