package org.babelbridge.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.Map;
import org.babelbridge.calls.RuleViolationException;

/** A refused rule becomes a problem with the rule's status, title (e.g. "Already in call") and message. */
@Produces
@Singleton
@Requires(classes = {RuleViolationException.class, ExceptionHandler.class})
final class RuleViolationHandler
        implements ExceptionHandler<RuleViolationException, MutableHttpResponse<Map<String, Object>>> {

    @Override
    public MutableHttpResponse<Map<String, Object>> handle(HttpRequest request, RuleViolationException e) {
        String detail = e.getMessage().equals(e.violation().title()) ? null : e.getMessage();
        return Problems.respond(HttpResponse.status(io.micronaut.http.HttpStatus.OK), e.violation().httpStatus(),
                e.violation().title(), detail);
    }
}
