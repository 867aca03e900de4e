package org.babelbridge.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code GET /metrics}: every registered meter in the Prometheus text format. */
@Controller("/metrics")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "health")
class MetricsController {

    private final PrometheusMeterRegistry registry;

    MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Get
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    String scrape() {
        return registry.scrape();
    }
}
