package org.babelbridge.api;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.token.generator.TokenGenerator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.babelbridge.calls.UserAccount;

/**
 * Renews a still-valid bearer token. The new token is built from the account as it is now, so a deleted
 * account gets 401 and a changed role takes effect; an expired token cannot be renewed (log in again).
 */
@Controller("/api/auth/refresh")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "auth")
@SecurityRequirement(name = "bearer")
class TokenRefreshController {

    private final CurrentUser current;
    private final TokenGenerator tokens;
    private final int expirationSeconds;

    TokenRefreshController(CurrentUser current, TokenGenerator tokens,
                           @Value("${micronaut.security.token.generator.access-token.expiration:3600}")
                           int expirationSeconds) {
        this.current = current;
        this.tokens = tokens;
        this.expirationSeconds = expirationSeconds;
    }

    @Post
    @Operation(summary = "Exchange a valid bearer token for a fresh one reflecting the account's current role")
    Json.TokenResponse refresh(Authentication auth) {
        UserAccount user = current.of(auth);
        Authentication renewed = Authentication.build(Long.toString(user.id()), List.of(user.role().code()),
                Map.of("email", user.email()));
        String token = tokens.generateToken(renewed, expirationSeconds)
                .orElseThrow(() -> new IllegalStateException("token generation failed"));
        return new Json.TokenResponse(token, "Bearer", expirationSeconds);
    }
}
