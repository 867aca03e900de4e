package org.babelbridge.calls;

/** Per-utterance stage latencies in milliseconds (null when a stage did not run): STT final, MT, TTS first audio. */
public record StageLatencies(Integer sttMs, Integer mtMs, Integer ttsFirstAudioMs) {
    public static final StageLatencies NONE = new StageLatencies(null, null, null);
}
