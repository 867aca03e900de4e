package org.babelbridge.speech;

/** A speech engine failed on one request (network error, bad response, native failure). */
public final class SpeechEngineException extends RuntimeException {

    public SpeechEngineException(String message) {
        super(message);
    }

    public SpeechEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
