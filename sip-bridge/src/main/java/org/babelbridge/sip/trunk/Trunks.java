package org.babelbridge.sip.trunk;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The configured PSTN trunks: which one an INVITE comes from (by source address) and which one carries
 * calls to phone numbers (the first configured that can). Immutable and thread-safe.
 */
public final class Trunks {

    private static final Trunks NONE = new Trunks(List.of());

    private final List<TrunkSettings> trunks;

    public Trunks(List<TrunkSettings> trunks) {
        this.trunks = List.copyOf(trunks);
    }

    public static Trunks none() {
        return NONE;
    }

    public List<TrunkSettings> all() {
        return trunks;
    }

    /** The trunk whose allowed sources include {@code source}; empty for every other sender. */
    public Optional<TrunkSettings> from(InetAddress source) {
        return trunks.stream().filter(t -> t.accepts(source)).findFirst();
    }

    /** The trunk that carries outbound calls to phone numbers, if one is configured. */
    public Optional<TrunkSettings> outbound() {
        return trunks.stream().filter(TrunkSettings::carriesOutbound).findFirst();
    }
}
