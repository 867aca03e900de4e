package org.babelbridge.api;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds RFC 9457 {@code application/problem+json} bodies. */
final class Problems {

    static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");

    private Problems() {
    }

    static Map<String, Object> body(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        if (detail != null && !detail.isBlank()) {
            body.put("detail", detail);
        }
        return body;
    }

    static <T> MutableHttpResponse<Map<String, Object>> respond(MutableHttpResponse<T> base, int status, String title,
                                                               String detail) {
        return base.status(HttpStatus.valueOf(status)).contentType(PROBLEM_JSON).body(body(status, title, detail));
    }
}
