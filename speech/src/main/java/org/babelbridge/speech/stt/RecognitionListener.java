package org.babelbridge.speech.stt;

/** Receives hypotheses of one recognition stream, on the thread that feeds the stream. */
public interface RecognitionListener {

    RecognitionListener NONE = new RecognitionListener() {
    };

    /** A partial hypothesis that may still change. */
    default void onPartial(String text) {
    }

    /** The final hypothesis of the utterance. */
    default void onFinal(Transcript transcript) {
    }
}
