package org.babelbridge.server;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns {@code DATABASE_URL} into Micronaut datasource properties. Accepts a JDBC URL
 * ({@code jdbc:postgresql://host:5432/db}) or the common {@code postgres://user:password@host:port/db} form.
 */
final class DatabaseSettings {

    private DatabaseSettings() {
    }

    static Map<String, Object> fromUrl(String databaseUrl) {
        Map<String, Object> props = new HashMap<>();
        if (databaseUrl.startsWith("jdbc:")) {
            props.put("datasources.default.url", databaseUrl);
            return props;
        }
        URI uri = URI.create(databaseUrl);
        if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
            throw new IllegalArgumentException("DATABASE_URL must be jdbc:postgresql://… or postgres://…");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        props.put("datasources.default.url", "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath()
                + query);
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            String[] parts = userInfo.split(":", 2);
            props.put("datasources.default.username", URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
            if (parts.length > 1) {
                props.put("datasources.default.password", URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
        }
        return props;
    }
}
