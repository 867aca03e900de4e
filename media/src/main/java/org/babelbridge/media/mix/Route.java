package org.babelbridge.media.mix;

/** How a listener hears one speaker. */
public enum Route {
    /** The listener shares the speaker's language: the original audio, at full level. */
    PASSTHROUGH,
    /** The listener hears the speaker's dubbed speech, over the original ducked (or not at all). */
    DUBBED
}
