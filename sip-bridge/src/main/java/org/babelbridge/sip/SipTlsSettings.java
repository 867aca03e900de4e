package org.babelbridge.sip;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * SIP over TLS ({@code babel.sip.tls.*}): the port of the TLS listening point and the key store holding
 * the bridge's certificate and private key. The trust store decides which certificates the bridge
 * accepts when it opens a TLS connection to a phone itself; it defaults to the key store. Phones are not
 * asked for client certificates: they authenticate with digest, as over UDP and TCP.
 */
public record SipTlsSettings(int port, Path keyStore, String keyStorePassword, String keyStoreType,
                             Path trustStore, String trustStorePassword) {

    public static final int DEFAULT_PORT = 5061;

    public SipTlsSettings {
        Objects.requireNonNull(keyStore, "babel.sip.tls.key-store");
        Objects.requireNonNull(keyStorePassword, "babel.sip.tls.key-store-password");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("babel.sip.tls.port must be 1..65535, not " + port);
        }
        if (keyStoreType == null || keyStoreType.isBlank()) {
            keyStoreType = "PKCS12";
        }
        if (trustStore == null) {
            trustStore = keyStore;
            trustStorePassword = keyStorePassword;
        }
        if (trustStorePassword == null) {
            trustStorePassword = "";
        }
    }

    /** A key store (PKCS12) that is also the trust store. */
    public static SipTlsSettings of(int port, Path keyStore, String password) {
        return new SipTlsSettings(port, keyStore, password, "PKCS12", null, null);
    }

    /** Fails with the setting's name when a store is missing, before the stack reports it obscurely. */
    public void requireReadableStores() {
        if (!Files.isReadable(keyStore)) {
            throw new IllegalArgumentException("babel.sip.tls.key-store: cannot read " + keyStore);
        }
        if (!Files.isReadable(trustStore)) {
            throw new IllegalArgumentException("babel.sip.tls.trust-store: cannot read " + trustStore);
        }
    }

    /** Passwords stay out of logs. */
    @Override
    public String toString() {
        return "SipTlsSettings[port=" + port + ", keyStore=" + keyStore + ", trustStore=" + trustStore + "]";
    }
}
