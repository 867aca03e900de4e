package org.babelbridge.speech.stt.pocketsphinx;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the PocketSphinx recogniser ({@code speech.stt.pocketsphinx.*}).
 *
 * @param library     shared library to load, a name or an absolute path
 * @param modelDir    directory holding the acoustic model {@code en-us/}, {@code en-us.lm.bin} and
 *                    {@code cmudict-en-us.dict} (Debian: /usr/share/pocketsphinx/model/en-us)
 * @param grammarFile optional JSGF grammar restricting recognition to a domain, or {@code null}
 *                    for the general language model
 * @param maxDecoders decoders kept for concurrent utterances (each holds its own model copy);
 *                    {@code OfflineEngines} builds no more than its local engine budget lets compute at once
 * @param partialResults true: decode while audio arrives and report partial hypotheses, with live
 *                    cepstral mean normalisation that adapts across utterances; false: decode the
 *                    whole utterance at {@code finish()} with batch normalisation, which is
 *                    deterministic and more accurate on a decoder's first utterances
 * @param extraArguments further decoder arguments as name/value pairs (e.g. {@code -beam 1e-60}),
 *                    for tuning speed against accuracy
 */
public record PocketSphinxConfig(String library, Path modelDir, Path grammarFile, int maxDecoders,
                                 boolean partialResults, List<String> extraArguments) {

    public static final PocketSphinxConfig DEFAULTS = new PocketSphinxConfig(
            "libpocketsphinx.so.3", Path.of("/usr/share/pocketsphinx/model/en-us"), null, 4, false, List.of());

    /**
     * Wider search beams than PocketSphinx's defaults. With a grammar of a few hundred sentences the
     * default beams often prune every path to the grammar's end and nothing is recognised.
     */
    public static final List<String> WIDE_BEAMS = List.of("-beam", "1e-80", "-pbeam", "1e-80", "-wbeam", "1e-60");

    public PocketSphinxConfig {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(modelDir, "modelDir");
        extraArguments = List.copyOf(Objects.requireNonNull(extraArguments, "extraArguments"));
        if (extraArguments.size() % 2 != 0) {
            throw new IllegalArgumentException("speech.stt.pocketsphinx.extra-arguments must be name/value pairs");
        }
        if (maxDecoders < 1) {
            throw new IllegalArgumentException("speech.stt.pocketsphinx.max-decoders must be at least 1");
        }
    }

    public PocketSphinxConfig withGrammarFile(Path grammar) {
        return new PocketSphinxConfig(library, modelDir, grammar, maxDecoders, partialResults, extraArguments);
    }

    public PocketSphinxConfig withExtraArguments(List<String> arguments) {
        return new PocketSphinxConfig(library, modelDir, grammarFile, maxDecoders, partialResults, arguments);
    }

    public PocketSphinxConfig withMaxDecoders(int decoders) {
        return new PocketSphinxConfig(library, modelDir, grammarFile, decoders, partialResults, extraArguments);
    }

    public PocketSphinxConfig withPartialResults(boolean partial) {
        return new PocketSphinxConfig(library, modelDir, grammarFile, maxDecoders, partial, extraArguments);
    }
}
