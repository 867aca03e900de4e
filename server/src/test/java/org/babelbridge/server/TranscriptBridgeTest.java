package org.babelbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.babelbridge.calls.Language;
import org.babelbridge.calls.ListenerText;
import org.babelbridge.calls.StageLatencies;
import org.babelbridge.calls.TranscriptEntry;
import org.babelbridge.speech.pipeline.UtteranceEvent;
import org.junit.jupiter.api.Test;

class TranscriptBridgeTest {

    private static UtteranceEvent event(long startMs) {
        return new UtteranceEvent("42", "7", org.babelbridge.speech.Language.HE, "שלום", startMs, startMs + 900,
                12, 350, List.of(
                new UtteranceEvent.ListenerTranslation(org.babelbridge.speech.Language.EN, "Hello", null, 80, 240),
                new UtteranceEvent.ListenerTranslation(org.babelbridge.speech.Language.RU, null, "no phrase", 5,
                        -1)));
    }

    @Test
    void storesTheSpeakersLanguageAndEveryListenerLanguage() {
        TranscriptEntry e = TranscriptBridge.toEntry(event(1500));
        assertThat(e.callId()).isEqualTo(42);
        assertThat(e.speakerUserId()).isEqualTo(7L);
        assertThat(e.timestampMs()).isEqualTo(1500);
        assertThat(e.listeners()).containsExactly(ListenerText.original(Language.HE),
                ListenerText.translated(Language.EN, "Hello"), ListenerText.untranslated(Language.RU));
        assertThat(e.latencies()).isEqualTo(new StageLatencies(350, 80, 240));
    }

    @Test
    void givesTheSameEventTheSameUtteranceId() {
        assertThat(TranscriptBridge.toEntry(event(1500)).utteranceId())
                .isEqualTo(TranscriptBridge.toEntry(event(1500)).utteranceId())
                .isNotEqualTo(TranscriptBridge.toEntry(event(1501)).utteranceId());
    }
}
