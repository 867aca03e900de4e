package org.babelbridge.speech.stt;

import org.babelbridge.speech.Language;

/** Recognises a whole utterance already in memory through a streaming engine. */
public final class Recognition {

    private static final int CHUNK_SAMPLES = 3200; // 200 ms: what a live stream would deliver

    private Recognition() {
    }

    /** Feeds {@code pcm} (16 kHz mono) in 200 ms chunks and returns the final hypothesis. */
    public static Transcript recognize(SpeechRecognizer recognizer, Language language, short[] pcm,
                                       RecognitionListener listener) {
        try (RecognitionStream stream = recognizer.open(language, listener)) {
            for (int offset = 0; offset < pcm.length; offset += CHUNK_SAMPLES) {
                stream.accept(pcm, offset, Math.min(CHUNK_SAMPLES, pcm.length - offset));
            }
            return stream.finish();
        }
    }
}
