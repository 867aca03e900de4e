package org.babelbridge.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import javax.sip.SipFactory;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;

/** Per-source limits count the phone behind a trusted proxy, and never trust a Via from anyone else. */
class ClientAddressTest {

    private static final String PROXIED = """
            REGISTER sip:bridge.example SIP/2.0\r
            Via: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK-proxy\r
            Via: SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bK-phone;received=203.0.113.5;rport=40000\r
            From: <sip:alice@bridge.example>;tag=1\r
            To: <sip:alice@bridge.example>\r
            Call-ID: c1\r
            CSeq: 1 REGISTER\r
            Max-Forwards: 69\r
            Content-Length: 0\r
            \r
            """;

    @Test
    void aTrustedProxysRequestCountsAgainstThePhoneItNames() throws Exception {
        assertThat(new ClientAddress(Set.of("10.0.0.9")).of(parse(PROXIED))).isEqualTo("203.0.113.5");
        assertThat(new ClientAddress(Set.of("10.0.0.9")).of(parse(PROXIED.replace(";received=203.0.113.5", ""))))
                .isEqualTo("192.168.1.20");
    }

    @Test
    void anyoneElsesViaIsNotBelieved() throws Exception {
        assertThat(new ClientAddress(Set.of()).of(parse(PROXIED))).isEqualTo("10.0.0.9");
        assertThat(new ClientAddress(Set.of("10.0.0.1")).of(parse(PROXIED))).isEqualTo("10.0.0.9");
    }

    private static Request parse(String text) throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        return factory.createMessageFactory().createRequest(text);
    }
}
