package org.babelbridge.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LanguageTest {

    @Test
    void parsesCodesWithRegionsAndTheOldHebrewCode() {
        assertThat(Language.fromCode("en-US")).isEqualTo(Language.EN);
        assertThat(Language.fromCode("ru_RU")).isEqualTo(Language.RU);
        assertThat(Language.fromCode("iw")).isEqualTo(Language.HE);
        assertThat(Language.fromCode(" HE ")).isEqualTo(Language.HE);
        assertThat(Language.HE.code()).isEqualTo("he");
    }

    @Test
    void rejectsOtherLanguagesAndEmptyCodesNamingTheChoices() {
        assertThatThrownBy(() -> Language.fromCode("fr")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("he, en, ru");
        assertThatThrownBy(() -> Language.fromCode("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Language.fromCode(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
