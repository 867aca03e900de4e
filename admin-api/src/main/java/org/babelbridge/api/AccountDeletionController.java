package org.babelbridge.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.InetSocketAddress;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.UserAccount;
import org.babelbridge.calls.VoiceService;

/**
 * Lets users delete their own account, confirmed with their password (a stolen token alone cannot). Their voice
 * samples go from the database and the disk; calls stay in the other participants' history with the speaker
 * anonymised.
 */
@Controller("/api/users/me")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "users")
@SecurityRequirement(name = "bearer")
class AccountDeletionController {

    @Serdeable
    record DeleteAccountRequest(@NotBlank @Size(max = 1024) String password) {
    }

    private final CurrentUser current;
    private final AccountService accounts;
    private final RecordingStore store;
    private final VoiceService voice;
    private final VoiceModelTrainer trainer;

    AccountDeletionController(CurrentUser current, AccountService accounts, RecordingStore store, VoiceService voice,
                              VoiceModelTrainer trainer) {
        this.current = current;
        this.accounts = accounts;
        this.store = store;
        this.voice = voice;
        this.trainer = trainer;
    }

    @Delete
    @Operation(summary = "Delete your account and voice data (password required); others keep anonymised history")
    HttpResponse<Void> delete(@Body @Valid DeleteAccountRequest r, Authentication auth, HttpRequest<?> request) {
        UserAccount me = current.of(auth);
        InetSocketAddress remote = request.getRemoteAddress();
        String source = remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
        accounts.authenticate(me.email(), r.password(), source); // 401 / 429 as for a login
        trainer.forgetAtCloningEngine(voice.modelStatus(me.id())); // 503 and nothing deleted if it cannot
        accounts.delete(me.id());
        store.deleteAllOf(me.id());
        return HttpResponse.noContent();
    }
}
