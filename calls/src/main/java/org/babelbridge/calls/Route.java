package org.babelbridge.calls;

/**
 * How one speaker reaches one listener (DESIGN §3 rules 1-2). For {@link Kind#PASSTHROUGH} the listener hears
 * the original audio and {@code voice} is null; for {@link Kind#TRANSLATE} the speaker's speech is recognised
 * in {@code speakerLanguage}, translated to {@code listenerLanguage} and spoken in {@code voice}.
 * A muted speaker is heard by nobody until unmuted.
 */
public record Route(long speakerUserId, long listenerUserId, Language speakerLanguage, Language listenerLanguage,
                    Kind kind, Voice voice, boolean speakerMuted) {

    public enum Kind { PASSTHROUGH, TRANSLATE }

    /** The voice of dubbed speech: the speaker's clone (trained, quality > 60) or a standard voice. */
    public enum Voice { SPEAKER_CLONE, STANDARD }
}
