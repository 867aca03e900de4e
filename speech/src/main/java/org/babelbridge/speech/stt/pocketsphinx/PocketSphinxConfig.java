package org.babelbridge.speech.stt.pocketsphinx;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the PocketSphinx recogniser ({@code speech.stt.pocketsphinx.*}).
 *
 * @param library     shared library to load, a name or an absolute path
 * @param modelDir    directory holding the acoustic model {@code en-us/}, {@code en-us.lm.bin} and
 *                    {@code cmudict-en-us.dict} (Debian: /usr/share/pocketsphinx/model/en-us)
 * @param grammarFile optional JSGF grammar restricting recognition to a domain, or {@code null}
 *                    for the general language model
 * @param maxDecoders decoders kept for concurrent utterances (each holds its own model copy)
 * @param partialResults true: decode while audio arrives and report partial hypotheses, with live
 *                    cepstral mean normalisation that adapts across utterances; false: decode the
 *                    whole utterance at {@code finish()} with batch normalisation, which is
 *                    deterministic and more accurate on a decoder's first utterances
 */
public record PocketSphinxConfig(String library, Path modelDir, Path grammarFile, int maxDecoders,
                                 boolean partialResults) {

    public static final PocketSphinxConfig DEFAULTS = new PocketSphinxConfig(
            "libpocketsphinx.so.3", Path.of("/usr/share/pocketsphinx/model/en-us"), null, 4, false);

    public PocketSphinxConfig {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(modelDir, "modelDir");
        if (maxDecoders < 1) {
            throw new IllegalArgumentException("speech.stt.pocketsphinx.max-decoders must be at least 1");
        }
    }

    public PocketSphinxConfig withGrammarFile(Path grammar) {
        return new PocketSphinxConfig(library, modelDir, grammar, maxDecoders, partialResults);
    }

    public PocketSphinxConfig withPartialResults(boolean partial) {
        return new PocketSphinxConfig(library, modelDir, grammarFile, maxDecoders, partial);
    }
}
