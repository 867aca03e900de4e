package org.babelbridge.speech.stt.vosk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoskRecognizerTest {

    @Test
    void loadsTheNativeLibraryShippedInTheJar() {
        assertThatCode(VoskRecognizer::loadNativeLibrary).doesNotThrowAnyException();
    }

    @Test
    void missingModelDirectoryIsAConfigurationErrorNamingTheLanguagesSetting(@TempDir Path dir) {
        Path missing = dir.resolve("vosk-model-ru");

        assertThatThrownBy(() -> VoskRecognizer.start(new VoskConfig(Map.of(Language.RU, missing))))
                .isInstanceOf(EngineConfigurationException.class)
                .hasMessageContaining("speech.stt.vosk.model-dirs.ru")
                .hasMessageContaining(missing.toString());
    }

    @Test
    void directoryWithoutAModelIsAConfigurationErrorNamingTheLanguagesSetting(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectory(dir.resolve("vosk-model-he"));

        assertThatThrownBy(() -> VoskRecognizer.start(new VoskConfig(Map.of(Language.HE, empty))))
                .isInstanceOf(EngineConfigurationException.class)
                .hasMessageContaining("speech.stt.vosk.model-dirs.he");
    }

    @Test
    void noConfiguredModelIsAConfigurationError() {
        assertThatThrownBy(() -> VoskRecognizer.start(new VoskConfig(Map.of())))
                .isInstanceOf(EngineConfigurationException.class)
                .hasMessageContaining("speech.stt.vosk.model-dirs");
    }

    @Test
    void readsTheTextOfVoskResults() {
        assertThat(VoskRecognizer.field("{\n  \"text\" : \"привет мир\"\n}", "text")).isEqualTo("привет мир");
        assertThat(VoskRecognizer.field("{\"partial\" : \"\"}", "partial")).isEmpty();
    }
}
