package org.babelbridge.server.sip;

import io.micronaut.context.annotation.EachProperty;
import java.util.List;
import org.babelbridge.sip.trunk.CidrBlock;
import org.babelbridge.sip.trunk.TrunkSettings;

/**
 * One entry of {@code babel.sip.trunks} (a list): {@code name}, {@code allowed-sources} (addresses or CIDR
 * blocks its INVITEs come from), {@code dids} (E.164 numbers it delivers here), {@code outbound-proxy}
 * ({@code host:port} for calls to phone numbers) and, to register with it, {@code registrar}
 * ({@code sip:host[:port]}), {@code username}, {@code password}, {@code register-expires-seconds}.
 */
@EachProperty(value = "babel.sip.trunks", list = true)
public final class SipTrunkProperties {

    private String name;
    private List<String> allowedSources = List.of();
    private List<String> dids = List.of();
    private String outboundProxy;
    private String registrar;
    private String username;
    private String password;
    private int registerExpiresSeconds = 3600;

    /** The validated trunk; a bad address, number or host:port names the setting at fault. */
    TrunkSettings toSettings() {
        String prefix = "babel.sip.trunks." + name + ".allowed-sources: ";
        List<CidrBlock> sources = allowedSources.stream().map(s -> {
            try {
                return CidrBlock.parse(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(prefix + e.getMessage(), e);
            }
        }).toList();
        return new TrunkSettings(name, sources, dids, outboundProxy, registrar, username, password,
                registerExpiresSeconds);
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<String> getAllowedSources() {
        return allowedSources;
    }

    public void setAllowedSources(List<String> allowedSources) {
        this.allowedSources = allowedSources == null ? List.of() : List.copyOf(allowedSources);
    }

    public List<String> getDids() {
        return dids;
    }

    public void setDids(List<String> dids) {
        this.dids = dids == null ? List.of() : List.copyOf(dids);
    }

    public String getOutboundProxy() {
        return outboundProxy;
    }

    public void setOutboundProxy(String outboundProxy) {
        this.outboundProxy = outboundProxy;
    }

    public String getRegistrar() {
        return registrar;
    }

    public void setRegistrar(String registrar) {
        this.registrar = registrar;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public int getRegisterExpiresSeconds() {
        return registerExpiresSeconds;
    }

    public void setRegisterExpiresSeconds(int registerExpiresSeconds) {
        this.registerExpiresSeconds = registerExpiresSeconds;
    }
}
