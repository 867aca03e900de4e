package org.babelbridge.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.VoiceService;

/** Administration: every user and every call. Role admin only. */
@Controller("/api/admin")
@Secured("admin")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "admin")
@SecurityRequirement(name = "bearer")
class AdminController {

    private final CurrentUser current;
    private final AccountService accounts;
    private final CallService calls;
    private final RecordingStore store;
    private final VoiceService voice;
    private final VoiceModelTrainer trainer;

    AdminController(CurrentUser current, AccountService accounts, CallService calls, RecordingStore store,
                    VoiceService voice, VoiceModelTrainer trainer) {
        this.current = current;
        this.accounts = accounts;
        this.calls = calls;
        this.store = store;
        this.voice = voice;
        this.trainer = trainer;
    }

    @Get("/users")
    List<Json.UserView> users(@QueryValue(defaultValue = "0") @Min(0) @Max(100000) int page,
                              @QueryValue(defaultValue = "50") @Min(1) @Max(500) int size, Authentication auth) {
        requireAdmin(auth);
        return accounts.list(page * size, size).stream().map(Json.UserView::of).toList();
    }

    @Delete("/users/{id}")
    HttpResponse<Void> deleteUser(long id, Authentication auth) {
        if (requireAdmin(auth) == id) {
            throw new ApiException(409, "Conflict", "an admin cannot delete their own account here");
        }
        trainer.forgetAtCloningEngine(voice.modelStatus(id)); // 503 and nothing deleted if it cannot
        accounts.delete(id);
        store.deleteAllOf(id); // the rows went with the account (cascade); the encrypted files go too
        return HttpResponse.noContent();
    }

    @Get("/calls")
    List<Json.CallView> calls(@QueryValue(defaultValue = "0") @Min(0) @Max(100000) int page,
                              @QueryValue(defaultValue = "20") @Min(1) @Max(200) int size, Authentication auth) {
        requireAdmin(auth);
        return calls.listAll(page * size, size).stream().map(Json.CallView::of).toList();
    }

    /** The role claim is checked by @Secured; this also refuses tokens of accounts since demoted or deleted. */
    private long requireAdmin(Authentication auth) {
        var me = current.of(auth);
        if (!CurrentUser.isAdmin(me)) {
            throw new ApiException(403, "Forbidden", null);
        }
        return me.id();
    }
}
