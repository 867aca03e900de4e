package org.babelbridge.speech.translate.memory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads phrase pairs from TSV, TMX, or two Asterisk prompt lists ({@code name: text} lines, as in
 * {@code core-sounds-XX.txt.gz}) paired by prompt name. Malformed lines are skipped and counted.
 */
public final class PhraseMemoryLoader {

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
    private static final Pattern BRACKETED = Pattern.compile("\\[[^\\]]*\\]");

    private PhraseMemoryLoader() {
    }

    /**
     * Builds the memory a configuration describes.
     *
     * @throws EngineConfigurationException naming the setting whose file is missing or unreadable
     */
    public static PhraseMemory load(PhraseMemoryConfig config) {
        List<PhrasePair> pairs = new ArrayList<>();
        for (Path tsv : config.tsvFiles()) {
            pairs.addAll(read("speech.translate.memory.tsv-files", tsv, () -> readTsv(tsv)).pairs());
        }
        for (Path tmx : config.tmxFiles()) {
            pairs.addAll(read("speech.translate.memory.tmx-files", tmx, () -> readTmx(tmx)).pairs());
        }
        if (config.asteriskEnglishList() != null) {
            read("speech.translate.memory.asterisk-russian-list", config.asteriskRussianList(), () -> null);
            pairs.addAll(read("speech.translate.memory.asterisk-english-list", config.asteriskEnglishList(),
                    () -> readAsteriskPrompts(config.asteriskEnglishList(), Language.EN,
                            config.asteriskRussianList(), Language.RU)).pairs());
        }
        if (pairs.isEmpty()) {
            throw new EngineConfigurationException("speech.translate.memory",
                    "the phrase memory has no phrase pairs; configure tsv-files, tmx-files or the Asterisk prompt lists");
        }
        return new PhraseMemory(pairs, config.minSimilarity());
    }

    private interface Reader {
        Loaded read() throws IOException;
    }

    private static Loaded read(String setting, Path file, Reader reader) {
        if (!Files.isReadable(file)) {
            throw new EngineConfigurationException(setting, "phrase memory file " + file + " cannot be read");
        }
        try {
            return reader.read();
        } catch (IOException e) {
            throw new EngineConfigurationException(setting, "phrase memory file " + file + " is invalid: "
                    + e.getMessage(), e);
        }
    }

    /** Pairs and the number of input lines or units that were skipped as malformed or empty. */
    public record Loaded(List<PhrasePair> pairs, int skipped) {
    }

    /**
     * TSV: the first line names the two languages ({@code en<TAB>ru}); every other non-empty line
     * not starting with {@code #} is {@code source<TAB>target}.
     */
    public static Loaded readTsv(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null) {
                throw new IOException(file + " is empty; expected a header line such as 'en<TAB>ru'");
            }
            String[] languages = header.replace("\uFEFF", "").split("\t");
            if (languages.length != 2) {
                throw new IOException(file + ": header must be two language codes separated by a tab, was '" + header + "'");
            }
            Language source;
            Language target;
            try {
                source = Language.fromCode(languages[0]);
                target = Language.fromCode(languages[1]);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
            List<PhrasePair> pairs = new ArrayList<>();
            int skipped = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t");
                if (columns.length != 2 || columns[0].isBlank() || columns[1].isBlank()) {
                    skipped++;
                    continue;
                }
                pairs.add(new PhrasePair(source, columns[0].strip(), target, columns[1].strip()));
            }
            return new Loaded(pairs, skipped);
        }
    }

    /**
     * TMX 1.4: each {@code <tu>} with segments in two or more of he/en/ru yields a pair for every
     * two of them. Units in other languages are ignored; units with fewer than two are skipped.
     */
    public static Loaded readTmx(Path file) throws IOException {
        Document document;
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            document = builder.parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(file + " is not valid TMX: " + e.getMessage(), e);
        }
        List<PhrasePair> pairs = new ArrayList<>();
        int skipped = 0;
        NodeList units = document.getElementsByTagName("tu");
        for (int u = 0; u < units.getLength(); u++) {
            Map<Language, String> segments = new LinkedHashMap<>();
            NodeList variants = ((Element) units.item(u)).getElementsByTagName("tuv");
            for (int v = 0; v < variants.getLength(); v++) {
                Element variant = (Element) variants.item(v);
                String code = variant.getAttribute("xml:lang");
                if (code.isEmpty()) {
                    code = variant.getAttribute("lang");
                }
                NodeList seg = variant.getElementsByTagName("seg");
                if (seg.getLength() == 0 || seg.item(0).getTextContent().isBlank()) {
                    continue;
                }
                try {
                    segments.putIfAbsent(Language.fromCode(code), seg.item(0).getTextContent().strip());
                } catch (IllegalArgumentException otherLanguage) {
                    // not one of ours
                }
            }
            if (segments.size() < 2) {
                skipped++;
                continue;
            }
            List<Language> languages = new ArrayList<>(segments.keySet());
            for (int i = 0; i < languages.size(); i++) {
                for (int j = i + 1; j < languages.size(); j++) {
                    pairs.add(new PhrasePair(languages.get(i), segments.get(languages.get(i)),
                            languages.get(j), segments.get(languages.get(j))));
                }
            }
        }
        return new Loaded(pairs, skipped);
    }

    /**
     * Pairs the prompts two Asterisk sound packages share by name. Bracketed stage directions are
     * removed; prompts whose texts split into the same number of sentences also give one pair per
     * sentence, so that single sentences of longer prompts are found too.
     */
    public static Loaded readAsteriskPrompts(Path sourceList, Language source, Path targetList, Language target)
            throws IOException {
        Map<String, String> sourceTexts = readPromptList(sourceList);
        Map<String, String> targetTexts = readPromptList(targetList);
        List<PhrasePair> pairs = new ArrayList<>();
        int skipped = 0;
        for (Map.Entry<String, String> entry : sourceTexts.entrySet()) {
            String targetText = targetTexts.get(entry.getKey());
            if (targetText == null) {
                continue;
            }
            String sourceText = clean(entry.getValue());
            String cleanTarget = clean(targetText);
            if (sourceText.isEmpty() || cleanTarget.isEmpty()) {
                skipped++;
                continue;
            }
            pairs.add(new PhrasePair(source, sourceText, target, cleanTarget));
            String[] sourceSentences = SENTENCE_END.split(sourceText);
            String[] targetSentences = SENTENCE_END.split(cleanTarget);
            if (sourceSentences.length > 1 && sourceSentences.length == targetSentences.length) {
                for (int i = 0; i < sourceSentences.length; i++) {
                    pairs.add(new PhrasePair(source, sourceSentences[i].strip(), target, targetSentences[i].strip()));
                }
            }
        }
        return new Loaded(pairs, skipped);
    }

    private static Map<String, String> readPromptList(Path file) throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith(";")) {
                    continue;
                }
                int colon = line.indexOf(": ");
                if (colon <= 0) {
                    continue;
                }
                texts.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 2).strip());
            }
        }
        return texts;
    }

    private static String clean(String text) {
        return BRACKETED.matcher(text).replaceAll(" ").replaceAll("\\s+", " ").strip();
    }
}
