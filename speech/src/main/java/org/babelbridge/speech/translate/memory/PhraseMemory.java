package org.babelbridge.speech.translate.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.translate.Translation;
import org.babelbridge.speech.translate.Translator;

/**
 * Translation memory: aligned phrase pairs looked up exactly, then fuzzily by word-level edit
 * distance. Used before machine translation as a glossary and alone as the offline translator;
 * a text with no close enough entry is {@link Translation.Untranslated}, never guessed.
 * Immutable after construction and thread-safe.
 */
public final class PhraseMemory implements Translator {

    public static final String ENGINE = "phrase-memory";

    private final Map<Direction, Map<String, Entry>> exact = new HashMap<>();
    private final Map<Direction, List<Entry>> entries = new HashMap<>();
    private final double minSimilarity;
    private final int size;

    /**
     * @param pairs         phrase pairs; each is also used in the reverse direction
     * @param minSimilarity word-level similarity (1 - edit distance / longer length) a fuzzy match
     *                      needs, in (0, 1]; 1 allows exact matches only
     */
    public PhraseMemory(List<PhrasePair> pairs, double minSimilarity) {
        if (!(minSimilarity > 0 && minSimilarity <= 1)) {
            throw new IllegalArgumentException("minSimilarity must be within (0, 1], was " + minSimilarity);
        }
        this.minSimilarity = minSimilarity;
        int count = 0;
        for (PhrasePair pair : pairs) {
            count += add(pair) ? 1 : 0;
            add(pair.reversed());
        }
        this.size = count;
    }

    /** Number of distinct pairs added in their given direction. */
    public int size() {
        return size;
    }

    /** The source-side phrases for one direction, as loaded (e.g. to build a recognition grammar). */
    public List<String> sourcePhrases(Language source, Language target) {
        return entries.getOrDefault(new Direction(source, target), List.of()).stream()
                .map(entry -> entry.sourceText).toList();
    }

    @Override
    public Translation translate(String text, Language source, Language target) {
        Objects.requireNonNull(text, "text");
        if (source == target) {
            return Translation.translated(text, ENGINE);
        }
        String key = TextNormalizer.normalize(text);
        if (key.isEmpty()) {
            return Translation.untranslated("nothing to translate");
        }
        Direction direction = new Direction(source, target);
        Entry hit = exact.getOrDefault(direction, Map.of()).get(key);
        if (hit != null) {
            return Translation.translated(hit.targetText, ENGINE);
        }
        List<String> words = TextNormalizer.words(key);
        Entry best = null;
        double bestSimilarity = 0;
        for (Entry entry : entries.getOrDefault(direction, List.of())) {
            // Cheap bound: lengths alone limit how similar two phrases can be.
            int longer = Math.max(words.size(), entry.words.size());
            double bound = 1.0 - (double) Math.abs(words.size() - entry.words.size()) / longer;
            if (bound < minSimilarity || bound <= bestSimilarity) {
                continue;
            }
            double similarity = similarity(words, entry.words);
            if (similarity > bestSimilarity) {
                bestSimilarity = similarity;
                best = entry;
            }
        }
        if (best != null && bestSimilarity >= minSimilarity) {
            return Translation.translated(best.targetText, ENGINE);
        }
        return Translation.untranslated(String.format(java.util.Locale.ROOT,
                "no %s->%s phrase-memory entry with similarity >= %.2f (best %.2f)",
                source.code(), target.code(), minSimilarity, bestSimilarity));
    }

    private boolean add(PhrasePair pair) {
        String key = TextNormalizer.normalize(pair.sourceText());
        String targetText = pair.targetText().strip();
        if (key.isEmpty() || targetText.isEmpty()) {
            return false;
        }
        Direction direction = new Direction(pair.source(), pair.target());
        Map<String, Entry> byText = exact.computeIfAbsent(direction, d -> new LinkedHashMap<>());
        if (byText.containsKey(key)) {
            return false; // first pair wins: memories list the preferred translation first
        }
        Entry entry = new Entry(TextNormalizer.words(key), pair.sourceText().strip(), targetText);
        byText.put(key, entry);
        entries.computeIfAbsent(direction, d -> new ArrayList<>()).add(entry);
        return true;
    }

    /** 1 - word edit distance / longer length. */
    static double similarity(List<String> a, List<String> b) {
        int longer = Math.max(a.size(), b.size());
        if (longer == 0) {
            return 1;
        }
        int[] previous = new int[b.size() + 1];
        int[] current = new int[b.size() + 1];
        for (int j = 0; j <= b.size(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.size(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.size(); j++) {
                int substitute = previous[j - 1] + (a.get(i - 1).equals(b.get(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return 1.0 - (double) previous[b.size()] / longer;
    }

    private record Direction(Language source, Language target) {
    }

    private record Entry(List<String> words, String sourceText, String targetText) {
    }
}
