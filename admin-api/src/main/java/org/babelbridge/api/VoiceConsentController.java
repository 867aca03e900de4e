package org.babelbridge.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.InetSocketAddress;
import java.time.Instant;
import org.babelbridge.calls.VoiceConsentService;

/**
 * The caller's consent to being dubbed in a clone of their own voice. Without consent (never given or revoked)
 * listeners hear the standard voice. Each change is recorded with its time and source address.
 */
@Controller("/api/voice/consent")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "voice")
@SecurityRequirement(name = "bearer")
class VoiceConsentController {

    @Serdeable
    record ConsentView(boolean granted, @Nullable Instant recordedAt) {
        static ConsentView of(VoiceConsentService.Consent c) {
            return new ConsentView(c.granted(), c.recordedAt());
        }
    }

    private final CurrentUser current;
    private final VoiceConsentService consents;

    VoiceConsentController(CurrentUser current, VoiceConsentService consents) {
        this.current = current;
        this.consents = consents;
    }

    @Get
    ConsentView consent(Authentication auth) {
        return ConsentView.of(consents.current(current.of(auth).id()));
    }

    @Post
    @Operation(summary = "Consent to calls using a clone of your voice")
    ConsentView grant(Authentication auth, HttpRequest<?> request) {
        return ConsentView.of(consents.grant(current.of(auth).id(), source(request)));
    }

    @Delete
    @Operation(summary = "Revoke consent: from now on listeners hear the standard voice")
    ConsentView revoke(Authentication auth, HttpRequest<?> request) {
        return ConsentView.of(consents.revoke(current.of(auth).id(), source(request)));
    }

    private static String source(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
    }
}
