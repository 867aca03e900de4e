package org.babelbridge.speech.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.TestAudio;
import org.babelbridge.speech.stt.Recognition;
import org.babelbridge.speech.stt.RecognitionListener;
import org.babelbridge.speech.stt.pocketsphinx.PocketSphinxConfig;
import org.babelbridge.speech.translate.memory.PhraseMemoryConfig;
import org.babelbridge.speech.tts.espeak.EspeakConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineEnginesTest {

    @Test
    void startsDebianEnginesWithRecognitionConstrainedToTheMemory(@TempDir Path work) {
        try (OfflineEngines offline = OfflineEngines.start(OfflineEnginesConfig.debianDefaults(work))) {
            SpeechEngines engines = offline.engines();

            assertThat(engines.recognizers()).containsOnlyKeys(Language.EN);
            assertThat(engines.cloningSynthesizer()).isNull();
            assertThat(Files.exists(work.resolve("phrase-memory-en.gram"))).isTrue();
            String heard = Recognition.recognize(engines.recognizers().get(Language.EN), Language.EN,
                    TestAudio.prompt16k("en", "vm-goodbye"), RecognitionListener.NONE).text();
            assertThat(heard).isEqualTo("goodbye");
            assertThat(engines.translator().translate(heard, Language.EN, Language.RU).textOrNull())
                    .startsWith("До свидания");
        }
    }

    @Test
    void missingPhraseListFailsStartUpNamingTheSetting(@TempDir Path work) {
        OfflineEnginesConfig config = new OfflineEnginesConfig(PocketSphinxConfig.DEFAULTS,
                new PhraseMemoryConfig(List.of(work.resolve("missing.tsv")), List.of(), null, null, 0.75),
                EspeakConfig.DEFAULTS, true, work);

        assertThatThrownBy(() -> OfflineEngines.start(config)).isInstanceOf(EngineConfigurationException.class)
                .hasMessageContaining("speech.translate.memory.tsv-files");
    }
}
