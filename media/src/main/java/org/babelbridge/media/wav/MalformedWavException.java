package org.babelbridge.media.wav;

import java.io.IOException;

/** A WAV file that is truncated, lies about its sizes, or uses a layout that is not supported. */
public final class MalformedWavException extends IOException {

    public MalformedWavException(String message) {
        super(message);
    }
}
