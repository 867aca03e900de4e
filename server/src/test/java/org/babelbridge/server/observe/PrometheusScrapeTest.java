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
import java.util.List;
import org.babelbridge.db.testing.TestDatabase;
import org.babelbridge.server.TranscriptBridge;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.pipeline.OfflineEngines;
import org.babelbridge.speech.pipeline.UtteranceEvent;
import org.babelbridge.speech.stt.RecognitionListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assembled server's GET /metrics carries the media, transcript and speech meters. */
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
                        .contains("babel_transcripts_total{outcome=\"written\"}")
                        .contains("babel_transcripts_queued 0.0").contains("babel_transcripts_spool_bytes 0.0")
                        .contains("babel_dubbing_backlog_milliseconds 0.0")
                        .contains("babel_dubbing_backlog_max_milliseconds 0.0");
            }
        }
    }

    @Test
    void scrapeIncludesSpeechStageTimersEngineErrorsByAdapterAndTheLocalEngineBudget(@TempDir Path dataDir) throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Map<String, Object> props = new java.util.HashMap<>(db.micronautProperties());
            props.put("babel.data-dir", dataDir.toString());
            props.put("babel.jwt.secret", "test-signing-secret-that-is-long-enough-for-hs256");
            props.put("babel.sip.enabled", "false");
            props.put("micronaut.server.port", -1);
            props.put("speech.local-engine-threads", "1");
            try (ApplicationContext ctx = ApplicationContext.run(EmbeddedServer.class, props).getApplicationContext()) {
                OfflineEngines engines = ctx.getBean(OfflineEngines.class); // what either front creates when it starts
                // One recognition stream opened and closed: one permit granted.
                engines.engines().recognizers().get(Language.EN).open(Language.EN, RecognitionListener.NONE).close();
                // An utterance reported by a pipeline, as the fronts report them (the call is not in the database,
                // so no transcript row is written; the stage timers still count it).
                ctx.getBean(TranscriptBridge.class).onUtteranceEvent(new UtteranceEvent("not-a-call", "7", Language.EN,
                        "goodbye", 1_000, 1_900, 15, 420, List.of(
                        new UtteranceEvent.ListenerTranslation(Language.RU, "До свидания", null, 30, 250))));
                URI base = ctx.getBean(EmbeddedServer.class).getURI();
                String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(body).contains("babel_speech_stage_seconds_count{stage=\"stt\"} 1")
                        .contains("babel_speech_stage_seconds_count{stage=\"queue_wait\"} 1")
                        .contains("babel_speech_stage_seconds_count{stage=\"mt\"} 1")
                        .contains("babel_speech_stage_seconds_count{stage=\"tts_first_audio\"} 1")
                        .contains("babel_speech_stage_seconds{stage=\"stt\",quantile=\"0.95\"}")
                        .contains("babel_speech_engine_errors_total{adapter=\"PocketSphinxRecognizer\"} 0.0")
                        .contains("babel_speech_engine_requests_total{adapter=")
                        .contains("babel_speech_local_engine_permits 1.0")
                        .contains("babel_speech_local_engine_busy 0.0")
                        .contains("babel_speech_local_engine_waiting 0.0")
                        .contains("babel_speech_local_engine_wait_seconds_count 1")
                        .contains("babel_speech_local_engine_wait_seconds_sum")
                        .contains("babel_speech_local_engine_wait_interrupted_total 0.0");
            }
        }
    }
}
