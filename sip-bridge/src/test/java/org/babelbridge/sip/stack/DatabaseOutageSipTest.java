package org.babelbridge.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.babelbridge.sip.CallCheck;
import org.babelbridge.sip.SipFront;
import org.babelbridge.sip.SipSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * While the database is down (the connection pool fails as it does when PostgreSQL is cut, see the
 * calls module's DatabaseOutageTest), a real SIP phone (SIPp) placing a call is refused with 503, and
 * calls are taken again once it returns.
 */
class DatabaseOutageSipTest {

    private final OutageDirectory directory = new OutageDirectory();
    private final LoopbackMedia media = new LoopbackMedia();
    private SipFront front;
    private int port;

    @BeforeEach
    void start() throws Exception {
        port = Sipp.freePort();
        front = SipFront.start(SipSettings.defaults().withPort(port).withNoAnswerTimeoutMs(3000),
                directory, directory, directory, media, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        front.close();
    }

    @Test
    void refusesNewCallsWith503WhileTheDatabaseIsDownAndTakesThemAgainAfterwards() throws Exception {
        directory.down = true;
        assertThat(call("carol", "<recv response=\"503\"/>" + SipEndpointTest.nonSuccessAck())).isZero();
        assertThat(directory.events()).isEmpty();

        directory.down = false;
        // carol is nobody's contact: the ordinary answer, from rules read in the database again.
        assertThat(call("carol", "<recv response=\"403\"/>" + SipEndpointTest.nonSuccessAck())).isZero();
    }

    private int call(String callee, String body) throws Exception {
        Map<String, String> values = new HashMap<>(Map.of("user", "alice", "callee", callee,
                "password", TestDirectory.SECRET, "body", body));
        try (Sipp sipp = Sipp.start("uac", values, Sipp.freePort(), port, "-mp", String.valueOf(Sipp.freePort()))) {
            int result = sipp.await();
            assertThat(result).as("caller: " + sipp.errors() + sipp.output()).isZero();
            return result;
        }
    }

    /** The test directory whose call rules fail the way the pooled database does while it is unreachable. */
    private static final class OutageDirectory extends TestDirectory {
        volatile boolean down;

        @Override
        public CallCheck check(long callerUserId, long calleeUserId) {
            if (down) {
                throw new IllegalStateException("Failed to obtain JDBC Connection", new SQLTransientConnectionException(
                        "HikariPool-1 - Connection is not available, request timed out after 500ms.", "08001"));
            }
            return super.check(callerUserId, calleeUserId);
        }
    }
}
