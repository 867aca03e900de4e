package org.babelbridge.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every framework error (bad JSON, failed validation, unknown route, 401/403, 413, 500) as
 * {@code application/problem+json}. Server errors carry no detail, so nothing internal leaks.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Map<String, Object>> {

    @Override
    public MutableHttpResponse<Map<String, Object>> processResponse(ErrorContext context,
                                                                    MutableHttpResponse<?> base) {
        HttpStatus status = base.getStatus();
        String title = status.getReason();
        String detail = null;
        if (status.getCode() < 500 && context.hasErrors()) {
            detail = context.getErrors().stream().map(Error::getMessage).map(ProblemErrorResponseProcessor::safe)
                    .distinct().collect(Collectors.joining("; "));
        }
        return Problems.respond(base, status.getCode(), title, detail);
    }

    /** Keeps messages about the request; hides ones that would name internal classes. */
    private static String safe(String message) {
        if (message == null) {
            return "";
        }
        if (message.startsWith("Invalid JSON")) {
            return "malformed JSON body";
        }
        if (message.contains("org.babelbridge") || message.contains("java.") || message.contains("io.micronaut")
                || message.contains("com.fasterxml")) {
            return message.startsWith("Error decoding") || message.contains("JSON")
                    ? "malformed JSON body" : "invalid request";
        }
        return message.length() > 300 ? message.substring(0, 300) : message;
    }
}
