package org.babelbridge.speech.stt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Word error rate: word-level edit distance between hypotheses and references over reference words. */
public final class WordErrorRate {

    private int errors;
    private int referenceWords;

    /** Adds one utterance. */
    public void add(String reference, String hypothesis) {
        List<String> ref = words(reference);
        List<String> hyp = words(hypothesis);
        errors += distance(ref, hyp);
        referenceWords += ref.size();
    }

    public double value() {
        return referenceWords == 0 ? 0 : (double) errors / referenceWords;
    }

    public int referenceWords() {
        return referenceWords;
    }

    /** Lower case words without punctuation or bracketed stage directions. */
    public static List<String> words(String text) {
        String cleaned = text.replaceAll("\\([^)]*\\)|\\[[^\\]]*\\]", " ").toLowerCase(Locale.ROOT)
                .replace("-", " ").replaceAll("[^a-z' ]", " ");
        List<String> words = new ArrayList<>();
        for (String word : cleaned.split("\\s+")) {
            String trimmed = word.replaceAll("^'+|'+$", "");
            if (!trimmed.isEmpty()) {
                words.add(trimmed);
            }
        }
        return words;
    }

    static int distance(List<String> a, List<String> b) {
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
        return previous[b.size()];
    }
}
