package org.babelbridge.api;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Adds browser-hardening headers to every answer, errors included: no MIME sniffing, no framing, no referrer,
 * no caching of API answers (they carry personal data), and a Content-Security-Policy. The Swagger UI page
 * needs its own inline bootstrap script and styles; every other answer forbids all active content.
 * Runs outside the security filter so that 401/403 answers carry the headers too.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class SecurityHeadersFilter implements Ordered {

    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    static final String SWAGGER_UI_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
            + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    @ResponseFilter
    void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        var headers = response.getHeaders();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Cross-Origin-Resource-Policy", "same-origin");
        String path = request.getPath();
        boolean swaggerUi = path.startsWith("/swagger-ui");
        headers.set("Content-Security-Policy", swaggerUi ? SWAGGER_UI_CSP : API_CSP);
        if (!swaggerUi && !path.startsWith("/swagger/")) {
            headers.set("Cache-Control", "no-store");
            headers.set("Pragma", "no-cache");
        }
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.before();
    }
}
