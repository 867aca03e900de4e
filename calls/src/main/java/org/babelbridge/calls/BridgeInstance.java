package org.babelbridge.calls;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * This process's name among the bridge instances sharing one database ({@code babel.instance-id}). It must be
 * stable across restarts and distinct per instance: calls and connection-bound presence are recorded under it,
 * and a restarted instance cleans up only what carries its own name.
 */
@Singleton
public final class BridgeInstance {

    public static final String DEFAULT_ID = "default";

    private final String id;

    public BridgeInstance(@Value("${babel.instance-id:" + DEFAULT_ID + "}") String id) {
        if (id == null || id.isBlank() || id.length() > 100) {
            throw new IllegalArgumentException("babel.instance-id must be 1 to 100 characters");
        }
        this.id = id.trim();
    }

    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
