package org.babelbridge.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.Map;
import org.babelbridge.calls.DatabaseOutage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Any request failing because PostgreSQL cannot be reached answers 503 "Service Unavailable" with a
 * Retry-After, rather than 500: the client may retry, and nothing was changed. Other unexpected
 * failures stay 500 problems without internals.
 */
@Produces
@Singleton
@Requires(classes = ExceptionHandler.class)
final class DatabaseOutageHandler implements ExceptionHandler<RuntimeException, MutableHttpResponse<Map<String, Object>>> {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutageHandler.class);

    @Override
    public MutableHttpResponse<Map<String, Object>> handle(HttpRequest request, RuntimeException e) {
        if (DatabaseOutage.isOutage(e)) {
            LOG.warn("{} {} refused: the database is unavailable ({})", request.getMethod(), request.getPath(), e.toString());
            return HttpResponse.<Map<String, Object>>status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header("Retry-After", "5")
                    .contentType(Problems.PROBLEM_JSON)
                    .body(Problems.body(503, "Service Unavailable", "the database is unavailable; retry shortly"));
        }
        LOG.error("{} {} failed", request.getMethod(), request.getPath(), e);
        return HttpResponse.<Map<String, Object>>status(HttpStatus.INTERNAL_SERVER_ERROR)
                .contentType(Problems.PROBLEM_JSON)
                .body(Problems.body(500, "Internal Server Error", null));
    }
}
