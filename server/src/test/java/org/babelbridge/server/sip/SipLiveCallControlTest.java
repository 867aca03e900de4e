package org.babelbridge.server.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.babelbridge.api.LiveCallControl;
import org.babelbridge.calls.RuleViolationException;
import org.babelbridge.calls.Violation;
import org.babelbridge.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call endpoints reach the SIP front through {@link SipLiveCallControl} when the front runs, and
 * change only the call record when it is off. (The front's own invite, hang-up and mute run against
 * real SIPp and baresip peers in the sip-bridge tests.)
 */
class SipLiveCallControlTest {

    private TestDatabase db;
    private ApplicationContext context;
    @TempDir
    Path dataDir;

    @BeforeEach
    void createDatabase() throws Exception {
        db = TestDatabase.create();
    }

    @AfterEach
    void stop() throws Exception {
        if (context != null) {
            context.close();
        }
        db.close();
    }

    @Test
    void routesCallOperationsToTheRunningSipFront() throws Exception {
        context = start(true);
        LiveCallControl live = context.getBean(LiveCallControl.class);

        assertThat(live).isInstanceOf(SipLiveCallControl.class);
        assertThat(live.carries(424242)).isFalse();
        assertThat(live.hangUp(424242, 1)).isFalse();
        assertThat(live.setMuted(424242, 1, true)).isFalse();
        assertThatThrownBy(() -> live.invite(424242, 1, 2))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.NOT_FOUND));
    }

    @Test
    void offersNoLiveControlWhenTheSipFrontIsOff() throws Exception {
        context = start(false);

        assertThat(context.findBean(LiveCallControl.class)).isEmpty();
    }

    private ApplicationContext start(boolean sipEnabled) throws Exception {
        int sipPort;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            sipPort = probe.getLocalPort();
        }
        Map<String, Object> props = new HashMap<>(db.micronautProperties());
        props.put("babel.data-dir", dataDir.toString());
        props.put("babel.jwt.secret", "a-test-secret-that-is-long-enough-for-hs256-signing");
        props.put("babel.sip.enabled", String.valueOf(sipEnabled));
        props.put("babel.sip.port", String.valueOf(sipPort));
        props.put("babel.media.rtp-port-min", "44200");
        props.put("babel.media.rtp-port-max", "44300");
        return ApplicationContext.builder().properties(props).start();
    }
}
