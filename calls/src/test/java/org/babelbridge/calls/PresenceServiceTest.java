package org.babelbridge.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PresenceServiceTest {

    private static final CallsContext CTX = new CallsContext();
    private final PresenceService presence = CTX.presence;

    @AfterAll
    static void close() {
        CTX.close();
    }

    @Test
    void staysOnlineWhileAnySourceIsUp() {
        UserAccount u = CTX.user("P", Language.EN);
        presence.markOnline(u.id(), "ws:1", null);
        presence.markOnline(u.id(), "sip:phone", CTX.clock.instant().plusSeconds(3600));
        presence.markOffline(u.id(), "ws:1");
        assertThat(presence.isOnline(u.id())).isTrue();
        assertThat(CTX.accounts.find(u.id()).orElseThrow().online()).isTrue();
        presence.markOffline(u.id(), "sip:phone");
        assertThat(presence.isOnline(u.id())).isFalse();
        UserAccount after = CTX.accounts.find(u.id()).orElseThrow();
        assertThat(after.online()).isFalse();
        assertThat(after.lastSeen()).isEqualTo(CTX.clock.instant());
    }

    @Test
    void goesOfflineWhenARegistrationExpires() {
        UserAccount u = CTX.user("Expiring", Language.HE);
        presence.markOnline(u.id(), "sip:desk", CTX.clock.instant().plusSeconds(60));
        assertThat(presence.isOnline(u.id())).isTrue();
        CTX.clock.advance(Duration.ofSeconds(61));
        assertThat(presence.isOnline(u.id())).isFalse();
        assertThat(presence.expireStale()).contains(u.id());
        assertThat(CTX.accounts.find(u.id()).orElseThrow().online()).isFalse();
    }

    @Test
    void forgetsConnectionsOfAPreviousRunAtStartUp() {
        UserAccount ws = CTX.user("Ws", Language.RU);
        UserAccount sip = CTX.user("Sip", Language.RU);
        presence.markOnline(ws.id(), "ws:old", null);
        presence.markOnline(sip.id(), "sip:phone", CTX.clock.instant().plusSeconds(600));
        presence.resetAfterRestart();
        assertThat(presence.isOnline(ws.id())).isFalse();
        assertThat(CTX.accounts.find(ws.id()).orElseThrow().online()).isFalse();
        assertThat(presence.isOnline(sip.id())).isTrue();
    }
}
