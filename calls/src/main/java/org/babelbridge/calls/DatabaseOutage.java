package org.babelbridge.calls;

import io.micronaut.data.connection.exceptions.ConnectionException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a database outage (server down, connections cut or refused, pool unable to connect) from
 * other failures, so that fronts answer "service unavailable, retry later" (SIP 503, HTTP 503)
 * rather than an internal error.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    /** Whether {@code failure}, or anything in its cause chain, means PostgreSQL cannot be reached. */
    public static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException
                    || t instanceof ConnectException || t instanceof ConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && isCutConnection(sql)) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exception; 57P0x: server shutting down or terminated our backend;
                // 55000 is what a database answers while it does not allow connections.
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("55000")) {
                    return true;
                }
            }
        }
        return false;
    }

    // A pooled connection the server cut while a request held it (Hikari: "Connection is closed").
    private static boolean isCutConnection(SQLException sql) {
        return sql.getSQLState() == null && "Connection is closed".equals(sql.getMessage());
    }
}
