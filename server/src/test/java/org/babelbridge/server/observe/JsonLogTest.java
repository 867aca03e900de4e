package org.babelbridge.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The server's logback configuration writes JSON lines carrying the MDC when BABEL_LOG_FORMAT=json. */
class JsonLogTest {

    @Test
    void writesOneJsonObjectPerLineWithCallParticipantAndStage() throws Exception {
        String printed = logWith("json");
        assertThat(printed.lines().filter(l -> !l.isBlank())).singleElement().satisfies(line -> {
            assertThat(line).startsWith("{").endsWith("}");
            assertThat(line).contains("\"level\":\"WARN\"").contains("\"callId\":\"42\"")
                    .contains("\"participantId\":\"7\"").contains("\"stage\":\"stt\"")
                    .contains("recogniser timed out after 3000 ms");
        });
    }

    @Test
    void writesReadableTextByDefault() throws Exception {
        String printed = logWith(null);
        assertThat(printed).contains("WARN").contains("call=42").contains("recogniser timed out after 3000 ms")
                .doesNotContain("{\"");
    }

    private static String logWith(String format) throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        if (format != null) {
            context.putProperty("BABEL_LOG_FORMAT", format);
        }
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(JsonLogTest.class.getResource("/logback.xml"));
            MDC.put("callId", "42");
            MDC.put("participantId", "7");
            MDC.put("stage", "stt");
            context.getLogger("org.babelbridge.speech").warn("recogniser timed out after {} ms", 3000);
        } finally {
            MDC.clear();
            System.setOut(original);
            context.reset();
            new ContextInitializer(context).autoConfig();
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
