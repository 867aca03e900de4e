package org.babelbridge.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.transaction.TransactionOperations;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.Connection;
import java.sql.Statement;

/** Liveness with a database round trip: 200 UP, or 503 problem when PostgreSQL does not answer. */
@Controller("/health")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "health")
class HealthController {

    private final TransactionOperations<Connection> tx;

    HealthController(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    @Get
    HttpResponse<Json.HealthView> health() {
        try {
            tx.executeRead(status -> {
                try (Statement s = status.getConnection().createStatement()) {
                    s.execute("SELECT 1");
                }
                return null;
            });
        } catch (RuntimeException e) {
            throw new ApiException(503, "Service Unavailable", "database is not answering");
        }
        return HttpResponse.ok(new Json.HealthView("UP", "UP"));
    }
}
