package org.babelbridge.speech.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.translate.memory.PhraseMemory;
import org.babelbridge.speech.translate.memory.PhrasePair;
import org.junit.jupiter.api.Test;

class GlossaryFirstTranslatorTest {

    private final PhraseMemory glossary = new PhraseMemory(
            List.of(new PhrasePair(Language.EN, "conference bridge", Language.RU, "конференц-мост")), 1.0);
    private final List<String> askedMachine = new ArrayList<>();
    // Stands in for an MT engine: records what it is asked and answers it cannot translate.
    private final Translator machine = (text, source, target) -> {
        askedMachine.add(text);
        return Translation.untranslated("machine translation unavailable");
    };

    @Test
    void usesTheGlossaryWithoutAskingMachineTranslation() {
        Translation translation = new GlossaryFirstTranslator(glossary, machine)
                .translate("Conference bridge", Language.EN, Language.RU);

        assertThat(translation.textOrNull()).isEqualTo("конференц-мост");
        assertThat(askedMachine).isEmpty();
    }

    @Test
    void fallsBackToMachineTranslationAndKeepsItsAnswer() {
        Translation translation = new GlossaryFirstTranslator(glossary, machine)
                .translate("something else", Language.EN, Language.RU);

        assertThat(askedMachine).containsExactly("something else");
        assertThat(translation).isEqualTo(Translation.untranslated("machine translation unavailable"));
    }
}
