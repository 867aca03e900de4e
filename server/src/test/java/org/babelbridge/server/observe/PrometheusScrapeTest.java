package org.babelbridge.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.babelbridge.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assembled server's GET /metrics carries the media and transcript meters. */
class PrometheusScrapeTest {

    @Test
    void scrapeIncludesCallsLegsDropsByReasonAndTranscriptOutcomes(@TempDir Path dataDir) throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Map<String, Object> props = new java.util.HashMap<>(db.micronautProperties());
            props.put("babel.data-dir", dataDir.toString());
            props.put("babel.jwt.secret", "test-signing-secret-that-is-long-enough-for-hs256");
            props.put("babel.sip.enabled", "false");
            props.put("micronaut.server.port", -1);
            try (ApplicationContext ctx = ApplicationContext.run(EmbeddedServer.class, props).getApplicationContext()) {
                URI base = ctx.getBean(EmbeddedServer.class).getURI();
                HttpResponse<String> scrape = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(scrape.statusCode()).isEqualTo(200);
                assertThat(scrape.body()).contains("babel_calls_active 0.0").contains("babel_media_legs_open")
                        .contains("babel_media_packets_dropped{reason=\"malformed\"}")
                        .contains("babel_transcripts_total{outcome=\"written\"}");
            }
        }
    }
}
