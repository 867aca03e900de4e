package org.babelbridge.server.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.babelbridge.db.testing.TestDatabase;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.pipeline.LocalEngineBudget;
import org.babelbridge.speech.pipeline.OfflineEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code speech.local-engine-threads} sets the budget the server's offline speech engines share. */
class LocalEngineThreadsSettingTest {

    private static TestDatabase db;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void theSettingSetsTheBudget() {
        try (ApplicationContext context = start("1")) {
            LocalEngineBudget budget = context.getBean(OfflineEngines.class).localEngineBudget();
            assertThat(budget.permits()).isEqualTo(1);
        }
    }

    @Test
    void withoutTheSettingTheBudgetLeavesTheMediaACore() {
        try (ApplicationContext context = start(null)) {
            assertThat(context.getBean(OfflineEngines.class).localEngineBudget().permits())
                    .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
        }
    }

    @Test
    void anEmptyBudgetFailsNamingTheSetting() {
        try (ApplicationContext context = start("0")) {
            assertThatThrownBy(() -> context.getBean(OfflineEngines.class))
                    .rootCause().isInstanceOf(EngineConfigurationException.class)
                    .hasMessageContaining("speech.local-engine-threads");
        }
    }

    private ApplicationContext start(String localEngineThreads) {
        Map<String, Object> props = new HashMap<>(db.micronautProperties());
        props.put("babel.data-dir", dataDir.toString());
        props.put("babel.jwt.secret", "a-test-secret-that-is-long-enough-for-hs256-signing");
        props.put("babel.sip.enabled", "false");
        if (localEngineThreads != null) {
            props.put("speech.local-engine-threads", localEngineThreads);
        }
        return ApplicationContext.builder().properties(props).start();
    }
}
