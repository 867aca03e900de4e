package org.babelbridge.calls;

import java.sql.SQLException;

/** Recognises PostgreSQL constraint violations under whatever the data layer wrapped them in. */
final class SqlErrors {

    private static final String UNIQUE_VIOLATION = "23505";

    private SqlErrors() {
    }

    /** True when {@code error} was caused by a unique violation of {@code constraint} (index or constraint name). */
    static boolean isUniqueViolation(Throwable error, String constraint) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())
                    && sql.getMessage() != null && sql.getMessage().contains(constraint)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
