package org.babelbridge.speech.tts.xtts;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import org.babelbridge.speech.Language;

/**
 * Settings of the voice-cloning TTS server adapter ({@code speech.tts.xtts.*}), for servers speaking
 * the XTTS streaming server API ({@code POST clone_speaker}, {@code POST tts_stream}).
 *
 * @param url           base URL of the server
 * @param voiceStoreDir where the speaker conditioning returned by {@code clone_speaker} is kept, one
 *                      JSON file per voice id, so cloned voices survive restarts
 * @param languages     languages the server's model speaks (XTTS v2: en and ru, not he)
 * @param timeoutMs     longest a request may wait for the server's first byte
 */
public record XttsServerConfig(URI url, Path voiceStoreDir, Set<Language> languages, long timeoutMs) {

    public XttsServerConfig {
        if (url == null) {
            throw new IllegalArgumentException("speech.tts.xtts.url is not set");
        }
        Objects.requireNonNull(voiceStoreDir, "voiceStoreDir");
        languages = Set.copyOf(languages);
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("speech.tts.xtts.timeout-ms must be positive");
        }
    }
}
