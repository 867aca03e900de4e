package org.babelbridge.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.Map;

/** An HTTP-level refusal of the API itself (not a call rule): status, title and a safe detail. */
final class ApiException extends RuntimeException {

    final int status;
    final String title;
    final transient Map<String, Object> extra;

    ApiException(int status, String title, String detail, Map<String, Object> extra) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.extra = extra;
    }

    ApiException(int status, String title, String detail) {
        this(status, title, detail, Map.of());
    }

    @Produces
    @Singleton
    static final class Handler implements ExceptionHandler<ApiException, MutableHttpResponse<Map<String, Object>>> {
        @Override
        public MutableHttpResponse<Map<String, Object>> handle(HttpRequest request, ApiException e) {
            Map<String, Object> body = Problems.body(e.status, e.title, e.getMessage());
            body.putAll(e.extra);
            return HttpResponse.<Map<String, Object>>status(io.micronaut.http.HttpStatus.valueOf(e.status))
                    .contentType(Problems.PROBLEM_JSON).body(body);
        }
    }
}
