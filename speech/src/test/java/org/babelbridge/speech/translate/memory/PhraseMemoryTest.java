package org.babelbridge.speech.translate.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.translate.Translation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhraseMemoryTest {

    private final PhraseMemory memory = new PhraseMemory(List.of(
            new PhrasePair(Language.EN, "Please enter your password followed by the pound key.",
                    Language.RU, "Введите пароль и нажмите решетку."),
            new PhrasePair(Language.EN, "Thank you.", Language.RU, "Спасибо."),
            new PhrasePair(Language.EN, "Good morning", Language.HE, "בוקר טוב")), 0.75);

    @Test
    void findsAnExactMatchIgnoringCaseAndPunctuation() {
        assertThat(memory.translate("THANK YOU", Language.EN, Language.RU))
                .isEqualTo(Translation.translated("Спасибо.", PhraseMemory.ENGINE));
    }

    @Test
    void findsAFuzzyMatchWhenRecognitionGotAWordWrong() {
        Translation translation = memory.translate("please enter your password fallen by the pound key",
                Language.EN, Language.RU);

        assertThat(translation.textOrNull()).isEqualTo("Введите пароль и нажмите решетку.");
    }

    @Test
    void answersNoTranslationExplicitlyInsteadOfInventingOne() {
        Translation translation = memory.translate("the weather is lovely today", Language.EN, Language.RU);

        assertThat(translation).isInstanceOf(Translation.Untranslated.class);
        assertThat(((Translation.Untranslated) translation).reason()).contains("en->ru").contains("0.75");
        assertThat(translation.textOrNull()).isNull();
    }

    @Test
    void translatesInTheReverseDirectionAndIgnoresNiqqud() {
        assertThat(memory.translate("Спасибо", Language.RU, Language.EN).textOrNull()).isEqualTo("Thank you.");
        assertThat(memory.translate("בּוֹקֶר טוֹב", Language.HE, Language.EN).textOrNull()).isEqualTo("Good morning");
    }

    @Test
    void doesNotTranslateBetweenLanguagesItHasNoPairsFor() {
        assertThat(memory.translate("Спасибо", Language.RU, Language.HE).isTranslated()).isFalse();
    }

    @Test
    void readsTsvSkippingMalformedLines(@TempDir Path dir) throws IOException {
        Path tsv = dir.resolve("glossary.tsv");
        Files.writeString(tsv, "en\tru\n# comment\nconference\tконференция\nbroken line without tab\n"
                + "\tno source\nvoicemail\tголосовая почта\n", StandardCharsets.UTF_8);

        PhraseMemoryLoader.Loaded loaded = PhraseMemoryLoader.readTsv(tsv);

        assertThat(loaded.pairs()).containsExactly(
                new PhrasePair(Language.EN, "conference", Language.RU, "конференция"),
                new PhrasePair(Language.EN, "voicemail", Language.RU, "голосовая почта"));
        assertThat(loaded.skipped()).isEqualTo(2);
    }

    @Test
    void rejectsTsvWithoutALanguageHeader(@TempDir Path dir) throws IOException {
        Path tsv = dir.resolve("bad.tsv");
        Files.writeString(tsv, "conference\tконференция\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> PhraseMemoryLoader.readTsv(tsv)).isInstanceOf(IOException.class)
                .hasMessageContaining("unsupported language");
    }

    @Test
    void readsTmxUnitsInEveryPairOfTheirLanguages(@TempDir Path dir) throws IOException {
        Path tmx = dir.resolve("memory.tmx");
        Files.writeString(tmx, """
                <?xml version="1.0" encoding="UTF-8"?>
                <tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence"
                  adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>
                <body>
                  <tu><tuv xml:lang="en-US"><seg>Hello</seg></tuv><tuv xml:lang="ru"><seg>Привет</seg></tuv>
                      <tuv xml:lang="he"><seg>שלום</seg></tuv></tu>
                  <tu><tuv xml:lang="en"><seg>Lonely</seg></tuv><tuv xml:lang="fr"><seg>Seul</seg></tuv></tu>
                </body></tmx>
                """, StandardCharsets.UTF_8);

        PhraseMemoryLoader.Loaded loaded = PhraseMemoryLoader.readTmx(tmx);

        assertThat(loaded.pairs()).hasSize(3);
        assertThat(loaded.skipped()).isEqualTo(1);
        PhraseMemory fromTmx = new PhraseMemory(loaded.pairs(), 1.0);
        assertThat(fromTmx.translate("שלום", Language.HE, Language.RU).textOrNull()).isEqualTo("Привет");
    }

    @Test
    void rejectsTmxWithADoctypeRatherThanExpandingEntities(@TempDir Path dir) throws IOException {
        Path tmx = dir.resolve("evil.tmx");
        Files.writeString(tmx, "<?xml version=\"1.0\"?><!DOCTYPE tmx [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<tmx><body><tu><tuv xml:lang=\"en\"><seg>&x;</seg></tuv></tu></body></tmx>");

        assertThatThrownBy(() -> PhraseMemoryLoader.readTmx(tmx)).isInstanceOf(IOException.class)
                .hasMessageContaining("not valid TMX");
    }

    @Test
    void buildsTheEnglishRussianMemoryFromTheAsteriskPromptLists() {
        PhraseMemory prompts = PhraseMemoryLoader.load(PhraseMemoryConfig.ASTERISK_PROMPTS);

        assertThat(prompts.size()).isGreaterThan(400);
        assertThat(prompts.translate("All circuits are busy now.", Language.EN, Language.RU).textOrNull())
                .isEqualTo("На данный момент все линии заняты.");
        assertThat(prompts.translate("Спасибо.", Language.RU, Language.EN).textOrNull()).isEqualTo("Thank you.");
        // A sentence of a longer prompt is found on its own.
        assertThat(prompts.translate("Please enter your agent number followed by the pound key.",
                Language.EN, Language.RU).textOrNull()).isEqualTo("Введите номер оператора и нажмите решетку.");
    }

    @Test
    void missingPromptListIsAConfigurationErrorNamingTheSetting(@TempDir Path dir) {
        PhraseMemoryConfig config = new PhraseMemoryConfig(List.of(), List.of(), dir.resolve("en.txt.gz"),
                PhraseMemoryConfig.DEBIAN_RUSSIAN_PROMPTS, 0.75);

        assertThatThrownBy(() -> PhraseMemoryLoader.load(config)).isInstanceOf(EngineConfigurationException.class)
                .hasMessageContaining("speech.translate.memory.asterisk-english-list");
    }

    @Test
    void emptyConfigurationIsAConfigurationError() {
        assertThatThrownBy(() -> PhraseMemoryLoader.load(new PhraseMemoryConfig(List.of(), List.of(), null, null, 0.8)))
                .isInstanceOf(EngineConfigurationException.class)
                .hasMessageContaining("speech.translate.memory");
    }
}
