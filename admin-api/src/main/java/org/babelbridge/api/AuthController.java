package org.babelbridge.api;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.token.generator.TokenGenerator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.Registration;
import org.babelbridge.calls.UserAccount;

/** Registration and login (JWT bearer tokens). */
@Controller("/api/auth")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "auth")
class AuthController {

    private final AccountService accounts;
    private final TokenGenerator tokens;
    private final int expirationSeconds;

    AuthController(AccountService accounts, TokenGenerator tokens,
                   @Value("${micronaut.security.token.generator.access-token.expiration:3600}") int expirationSeconds) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.expirationSeconds = expirationSeconds;
    }

    @Post("/register")
    @Operation(summary = "Create an account (409 when the e-mail is taken)")
    HttpResponse<Json.UserView> register(@Body @Valid Json.RegisterRequest r) {
        UserAccount user = accounts.register(new Registration(r.email(), r.password(), r.fullName(),
                r.primaryLanguage(), r.phoneNumber()));
        return HttpResponse.created(Json.UserView.of(user));
    }

    @Post("/login")
    @Operation(summary = "Exchange e-mail and password for a bearer token; failures are rate-limited")
    Json.TokenResponse login(@Body @Valid Json.LoginRequest r, HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        String source = remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
        UserAccount user = accounts.authenticate(r.email(), r.password(), source);
        Authentication auth = Authentication.build(Long.toString(user.id()), List.of(user.role().code()),
                Map.of("email", user.email()));
        String token = tokens.generateToken(auth, expirationSeconds)
                .orElseThrow(() -> new IllegalStateException("token generation failed"));
        return new Json.TokenResponse(token, "Bearer", expirationSeconds);
    }
}
