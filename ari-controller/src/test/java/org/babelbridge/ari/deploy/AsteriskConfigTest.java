package org.babelbridge.ari.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The Asterisk configuration shipped in asterisk-config/ hangs together with what the bridge expects. */
class AsteriskConfigTest {
    private static final Path ETC = DockerComposeConfigTest.repositoryRoot().resolve("asterisk-config/etc");

    private static String read(String file) throws Exception {
        return Files.readString(ETC.resolve(file));
    }

    @Test
    void everyIncomingContextSendsCallsIntoTheStasisApplication() throws Exception {
        String extensions = read("extensions.conf");
        assertThat(extensions).contains("[from-softphones]", "[from-trunk]");
        assertThat(extensions.split("Stasis\\(babel-bridge,inbound,\\$\\{EXTEN}\\)", -1)).hasSizeGreaterThanOrEqualTo(4);
        String pjsip = read("pjsip.conf");
        assertThat(pjsip).contains("context=from-softphones", "context=from-trunk");
    }

    @Test
    void trunkIsIdentifiedByAddressAndSoftphonesByDigestAuthentication() throws Exception {
        String pjsip = read("pjsip.conf");
        assertThat(pjsip).contains("type=identify", "endpoint=trunk", "match=");
        assertThat(pjsip).contains("[softphone-endpoint](!)", "[softphone-auth](!)", "auth_type=md5");
        assertThat(pjsip).contains("protocol=udp", "bind=0.0.0.0:5060");
    }

    @Test
    void pushedEndpointsHaveAWritablePersistentSorceryBackend() throws Exception {
        String sorcery = read("sorcery.conf");
        assertThat(sorcery).contains("endpoint=astdb,", "auth=astdb,", "aor=astdb,");
    }

    @Test
    void modulesNeededForAriExternalMediaAndPjsipAreLoaded() throws Exception {
        String modules = read("modules.conf");
        assertThat(modules).contains("autoload=no");
        for (String module : new String[]{"chan_pjsip.so", "chan_rtp.so", "res_ari_channels.so", "res_ari_bridges.so",
                "res_ari_events.so", "res_ari_asterisk.so", "res_stasis.so", "app_stasis.so", "bridge_softmix.so",
                "res_http_websocket.so", "codec_ulaw.so", "codec_g722.so", "res_rtp_asterisk.so",
                "res_sorcery_astdb.so", "res_pjsip_endpoint_identifier_ip.so", "res_pjsip_registrar.so"}) {
            assertThat(modules).as(module).contains("load => " + module);
        }
    }

    @Test
    void ariAndHttpAreEnabledWithThePasswordFromTheEnvironment() throws Exception {
        assertThat(read("ari.conf")).contains("enabled=yes", "[babel-bridge]", "type=user", "password=@ARI_PASSWORD@");
        assertThat(read("http.conf")).contains("enabled=yes", "bindport=8088");
        assertThat(read("rtp.conf")).contains("rtpstart=10000", "rtpend=10199");
        assertThat(Files.readString(ETC.resolveSibling("docker-entrypoint.sh"))).contains("@ARI_PASSWORD@");
    }
}
