package org.babelbridge.speech.pipeline;

import java.util.Map;
import java.util.Objects;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.stt.SpeechRecognizer;
import org.babelbridge.speech.translate.Translator;
import org.babelbridge.speech.tts.SpeechSynthesizer;

/**
 * Engines reached over the network that take over from the offline ones where configured; whoever made them
 * closes them.
 *
 * @param recognizers         recognisers by language, used instead of the offline one for that language
 * @param machineTranslator   consulted when the phrase memory has no answer, or {@code null}
 * @param standardSynthesizer speaks standard voices in its languages (espeak-ng the rest), or {@code null}
 * @param cloningSynthesizer  speaks consented clones, or {@code null}
 */
public record NetworkEngines(Map<Language, SpeechRecognizer> recognizers, Translator machineTranslator,
                             SpeechSynthesizer standardSynthesizer, SpeechSynthesizer cloningSynthesizer) {

    /** No network engine: the offline set alone. */
    public static final NetworkEngines NONE = new NetworkEngines(Map.of(), null, null, null);

    public NetworkEngines {
        recognizers = Map.copyOf(Objects.requireNonNull(recognizers, "recognizers"));
    }
}
