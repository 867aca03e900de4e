package org.babelbridge.speech.translate.memory;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the phrase memory ({@code speech.translate.memory.*}).
 *
 * @param tsvFiles            TSV phrase lists (header line: two language codes)
 * @param tmxFiles            TMX translation memories
 * @param asteriskEnglishList English Asterisk prompt list ({@code core-sounds-en.txt.gz}), or {@code null}
 * @param asteriskRussianList Russian Asterisk prompt list ({@code core-sounds-ru.txt.gz}), or {@code null}
 * @param minSimilarity       word-level similarity a fuzzy match needs, in (0, 1]
 */
public record PhraseMemoryConfig(List<Path> tsvFiles, List<Path> tmxFiles, Path asteriskEnglishList,
                                 Path asteriskRussianList, double minSimilarity) {

    public static final Path DEBIAN_ENGLISH_PROMPTS =
            Path.of("/usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt.gz");
    public static final Path DEBIAN_RUSSIAN_PROMPTS =
            Path.of("/usr/share/doc/asterisk-core-sounds-ru/core-sounds-ru.txt.gz");

    /** The en-ru memory built from Debian's Asterisk prompt lists, fuzzy matches from 0.75. */
    public static final PhraseMemoryConfig ASTERISK_PROMPTS = new PhraseMemoryConfig(
            List.of(), List.of(), DEBIAN_ENGLISH_PROMPTS, DEBIAN_RUSSIAN_PROMPTS, 0.75);

    public PhraseMemoryConfig {
        tsvFiles = List.copyOf(Objects.requireNonNull(tsvFiles, "tsvFiles"));
        tmxFiles = List.copyOf(Objects.requireNonNull(tmxFiles, "tmxFiles"));
        if ((asteriskEnglishList == null) != (asteriskRussianList == null)) {
            throw new IllegalArgumentException(
                    "speech.translate.memory.asterisk-english-list and asterisk-russian-list go together");
        }
    }
}
