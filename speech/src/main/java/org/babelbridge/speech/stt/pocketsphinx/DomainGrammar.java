package org.babelbridge.speech.stt.pocketsphinx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a JSGF grammar that accepts exactly a list of domain phrases (e.g. the source side of a
 * phrase memory), for {@link PocketSphinxConfig#grammarFile()}. Phrases with words the
 * pronunciation dictionary lacks, or with digits, cannot be decoded and are left out.
 */
public final class DomainGrammar {

    private DomainGrammar() {
    }

    /** Result: the grammar file and the phrases it accepts (normalised, lower case). */
    public record Written(Path file, List<String> phrases) {
    }

    public static Written write(List<String> phrases, Path dictionary, Path grammarFile) throws IOException {
        Set<String> known = readWords(dictionary);
        Set<String> kept = new LinkedHashSet<>();
        for (String phrase : phrases) {
            String normalized = normalize(phrase);
            if (normalized.isEmpty()) {
                continue;
            }
            boolean decodable = true;
            for (String word : normalized.split(" ")) {
                if (!known.contains(word)) {
                    decodable = false;
                    break;
                }
            }
            if (decodable) {
                kept.add(normalized);
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("none of the domain phrases can be decoded with " + dictionary);
        }
        StringBuilder jsgf = new StringBuilder("#JSGF V1.0;\ngrammar domain;\npublic <utterance> = ");
        boolean first = true;
        for (String phrase : kept) {
            jsgf.append(first ? "\n    " : "\n  | ").append(phrase);
            first = false;
        }
        jsgf.append(";\n");
        Files.writeString(grammarFile, jsgf, StandardCharsets.UTF_8);
        return new Written(grammarFile, List.copyOf(kept));
    }

    static String normalize(String phrase) {
        String lower = phrase.toLowerCase(Locale.ROOT);
        if (lower.chars().anyMatch(Character::isDigit)) {
            return "";
        }
        List<String> words = new ArrayList<>();
        for (String token : lower.split("[^a-z']+")) {
            String word = token.replaceAll("^'+|'+$", "");
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return String.join(" ", words);
    }

    private static Set<String> readWords(Path dictionary) throws IOException {
        Set<String> words = new HashSet<>();
        try (Stream<String> lines = Files.lines(dictionary, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                int space = line.indexOf(' ');
                if (space > 0 && !line.substring(0, space).contains("(")) {
                    words.add(line.substring(0, space));
                }
            });
        }
        return words;
    }
}
