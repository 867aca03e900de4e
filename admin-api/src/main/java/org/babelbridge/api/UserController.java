package org.babelbridge.api;

import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.Language;
import org.babelbridge.calls.ProfileUpdate;
import org.babelbridge.calls.SipIdentityService;
import org.babelbridge.calls.SipSecret;
import org.babelbridge.calls.UserAccount;

/** The caller's own profile and SIP secret. */
@Controller("/api/users/me")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "users")
@SecurityRequirement(name = "bearer")
class UserController {

    private final CurrentUser current;
    private final AccountService accounts;
    private final SipIdentityService sip;

    UserController(CurrentUser current, AccountService accounts, SipIdentityService sip) {
        this.current = current;
        this.accounts = accounts;
        this.sip = sip;
    }

    @Get
    Json.UserView me(Authentication auth) {
        return Json.UserView.of(current.of(auth));
    }

    @Patch
    @Operation(summary = "Change profile fields; primaryLanguage is immutable (409 when a different one is sent)")
    Json.UserView update(@Body @Valid Json.ProfilePatch patch, Authentication auth) {
        UserAccount me = current.of(auth);
        if (patch.primaryLanguage() != null && Language.fromCode(patch.primaryLanguage()) != me.primaryLanguage()) {
            throw new ApiException(409, "Conflict", "primaryLanguage cannot be changed after registration");
        }
        return Json.UserView.of(accounts.update(me.id(), new ProfileUpdate(patch.fullName(), patch.phoneNumber(),
                patch.avatarUrl(), patch.bio(), patch.password())));
    }

    @Post("/sip-secret")
    @Operation(summary = "Issue a new SIP secret (shown once; replaces the previous one)")
    Json.SipSecretView sipSecret(Authentication auth) {
        SipSecret secret = sip.issueSipSecret(current.of(auth).id());
        return new Json.SipSecretView(secret.sipUsername(), secret.secret(), secret.realm());
    }
}
