package org.babelbridge.sip.trunk;

import java.util.ArrayList;
import java.util.List;

/**
 * One PSTN trunk ({@code babel.sip.trunks[n].*}): the addresses its INVITEs come from, the numbers (DIDs)
 * it delivers here, where calls to phone numbers are sent ({@code outboundProxy}, {@code host:port}) and,
 * when {@code registrarUri} is set, the registration the bridge keeps with it ({@code username},
 * {@code password}, {@code registerExpiresSeconds}); the credentials also answer a digest challenge to an
 * outbound INVITE. DIDs are stored in E.164.
 */
public record TrunkSettings(String name, List<CidrBlock> allowedSources, List<String> dids, String outboundProxy,
                            String registrarUri, String username, String password, int registerExpiresSeconds) {

    public TrunkSettings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("babel.sip.trunks: every trunk needs a name");
        }
        allowedSources = List.copyOf(allowedSources == null ? List.of() : allowedSources);
        List<String> numbers = new ArrayList<>();
        for (String did : dids == null ? List.<String>of() : dids) {
            String e164 = PhoneNumbers.toE164(did);
            if (e164 == null) {
                throw new IllegalArgumentException("babel.sip.trunks." + name + ".dids: '" + did + "' is not a phone number");
            }
            numbers.add(e164);
        }
        dids = List.copyOf(numbers);
        outboundProxy = blankToNull(outboundProxy);
        registrarUri = blankToNull(registrarUri);
        username = blankToNull(username);
        password = password == null ? "" : password;
        if (outboundProxy != null) {
            HostPort.parse(outboundProxy, "babel.sip.trunks." + name + ".outbound-proxy");
        }
        if (registrarUri != null && username == null) {
            throw new IllegalArgumentException("babel.sip.trunks." + name + ".username is needed to register with "
                    + registrarUri);
        }
        if (registerExpiresSeconds <= 0) {
            registerExpiresSeconds = 3600;
        }
    }

    /** A trunk that only accepts calls from {@code sources} for {@code dids}. */
    public static TrunkSettings inbound(String name, List<String> sources, List<String> dids) {
        return new TrunkSettings(name, sources.stream().map(CidrBlock::parse).toList(), dids, null, null, null, null, 0);
    }

    public TrunkSettings withOutboundProxy(String hostPort) {
        return new TrunkSettings(name, allowedSources, dids, hostPort, registrarUri, username, password,
                registerExpiresSeconds);
    }

    public TrunkSettings withRegistration(String uri, String user, String secret, int expiresSeconds) {
        return new TrunkSettings(name, allowedSources, dids, outboundProxy, uri, user, secret, expiresSeconds);
    }

    /** True when INVITEs from {@code source} come from this trunk. */
    public boolean accepts(java.net.InetAddress source) {
        return allowedSources.stream().anyMatch(block -> block.contains(source));
    }

    /** True when calls to phone numbers can leave through this trunk. */
    public boolean carriesOutbound() {
        return outboundProxy != null || registrarUri != null;
    }

    public boolean registers() {
        return registrarUri != null;
    }

    /** {@code host:port} of an outbound proxy or registrar, validated when the trunk is configured. */
    public record HostPort(String host, int port) {
        public static HostPort parse(String text, String setting) {
            String s = text.trim();
            int colon = s.lastIndexOf(':');
            String host = colon < 0 ? s : s.substring(0, colon);
            int port = 5060;
            if (colon >= 0) {
                try {
                    port = Integer.parseInt(s.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
            if (host.isBlank() || port <= 0 || port > 65535) {
                throw new IllegalArgumentException(setting + ": '" + text + "' is not host:port");
            }
            return new HostPort(host, port);
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
