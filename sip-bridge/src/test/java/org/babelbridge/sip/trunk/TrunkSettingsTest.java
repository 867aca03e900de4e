package org.babelbridge.sip.trunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrunkSettingsTest {

    @Test
    void cidrBlocksMatchTheirRangeOnlyForTheirAddressFamily() throws Exception {
        CidrBlock v4 = CidrBlock.parse("192.0.2.0/24");
        assertThat(v4.contains(InetAddress.getByName("192.0.2.77"))).isTrue();
        assertThat(v4.contains(InetAddress.getByName("192.0.3.1"))).isFalse();
        assertThat(CidrBlock.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.2"))).isFalse();
        assertThat(CidrBlock.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.9"))).isTrue();
        CidrBlock v6 = CidrBlock.parse("2001:db8:1::/48");
        assertThat(v6.contains(InetAddress.getByName("2001:db8:1:ffff::1"))).isTrue();
        assertThat(v6.contains(InetAddress.getByName("2001:db8:2::1"))).isFalse();
        assertThat(v6.contains(InetAddress.getByName("192.0.2.1"))).isFalse();
        assertThat(v4.contains(null)).isFalse();
    }

    @Test
    void refusesAnythingButAddressLiteralsWithoutLookingNamesUp() {
        for (String bad : List.of("carrier.example.com", "192.0.2.0/33", "192.0.2/24", "10.0.0.1/x", "", "::1/129")) {
            assertThatThrownBy(() -> CidrBlock.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void bringsTheSpellingsOfANumberToE164AndRejectsWhatIsNoNumber() {
        assertThat(PhoneNumbers.toE164("+49 30 123-456")).isEqualTo("+4930123456");
        assertThat(PhoneNumbers.toE164("004930123456")).isEqualTo("+4930123456");
        assertThat(PhoneNumbers.toE164("4930123456")).isEqualTo("+4930123456");
        assertThat(PhoneNumbers.toE164("alice")).isNull();
        assertThat(PhoneNumbers.toE164("030123456")).isNull();
        assertThat(PhoneNumbers.toE164("+1234567890123456")).isNull();
        assertThat(PhoneNumbers.looksInternational("+4930123456")).isTrue();
        assertThat(PhoneNumbers.looksInternational("0049301234")).isFalse();
        assertThat(PhoneNumbers.looksInternational("12345")).isFalse();
    }

    @Test
    void validatesDidsProxyAndRegistrationNamingTheTrunk() {
        assertThatThrownBy(() -> TrunkSettings.inbound("carrier", List.of(), List.of("reception")))
                .hasMessageContaining("babel.sip.trunks.carrier.dids");
        assertThatThrownBy(() -> TrunkSettings.inbound("carrier", List.of(), List.of()).withOutboundProxy("proxy:99999"))
                .hasMessageContaining("outbound-proxy");
        assertThatThrownBy(() -> TrunkSettings.inbound("carrier", List.of(), List.of())
                .withRegistration("sip:registrar.example", null, "pw", 600)).hasMessageContaining("username");
        TrunkSettings trunk = TrunkSettings.inbound("carrier", List.of("192.0.2.0/24"), List.of("0015550002"));
        assertThat(trunk.dids()).containsExactly("+15550002");
        assertThat(trunk.carriesOutbound()).isFalse();
        assertThat(trunk.withOutboundProxy("192.0.2.10:5060").carriesOutbound()).isTrue();
        assertThat(new Trunks(List.of(trunk)).outbound()).isEmpty();
    }
}
