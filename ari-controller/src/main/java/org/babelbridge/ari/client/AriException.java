package org.babelbridge.ari.client;

/** A REST call to Asterisk failed: transport error, or an HTTP status that is not 2xx. */
public final class AriException extends RuntimeException {
    private final int status;

    public AriException(String message, int status) {
        super(message);
        this.status = status;
    }

    public AriException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
    }

    /** HTTP status, or -1 when Asterisk was not reached. */
    public int status() {
        return status;
    }

    public boolean notFound() {
        return status == 404;
    }
}
