package org.babelbridge.sip.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.tts.SpeechSynthesizer;
import org.babelbridge.speech.tts.Voice;
import org.babelbridge.speech.voice.VoiceProfile;

/**
 * The notice the last participant hears before the bridge hangs up on them, spoken in their language
 * by the standard synthesiser. Each language is synthesised once and kept: it is asked for on the SIP
 * thread that handles the hang-up, which must not queue behind busy speech engines (the local engine
 * budget) on every call end. Thread-safe; the first {@link #speak} of a language blocks while synthesising.
 */
public final class AloneNotice {

    private static final Map<Language, String> TEXTS = Map.of(
            Language.EN, "Everyone else has left the call. Goodbye.",
            Language.RU, "Все остальные покинули звонок. До свидания.",
            Language.HE, "כל שאר המשתתפים עזבו את השיחה. להתראות.");

    private final SpeechSynthesizer synthesizer;
    private final Map<Language, short[]> spoken = new ConcurrentHashMap<>();

    public AloneNotice(SpeechSynthesizer synthesizer) {
        this.synthesizer = synthesizer;
    }

    /** The notice as 16 kHz mono PCM, owned by the caller. */
    public short[] speak(Language language) {
        return spoken.computeIfAbsent(language, this::synthesize).clone();
    }

    private short[] synthesize(Language language) {
        List<short[]> chunks = new ArrayList<>();
        synthesizer.synthesize(TEXTS.get(language), language, new Voice.Standard(VoiceProfile.NEUTRAL_FEMALE),
                chunks::add);
        int length = chunks.stream().mapToInt(c -> c.length).sum();
        short[] pcm = new short[length];
        int at = 0;
        for (short[] chunk : chunks) {
            System.arraycopy(chunk, 0, pcm, at, chunk.length);
            at += chunk.length;
        }
        return pcm;
    }

    /** How long {@code pcm} (16 kHz) plays, in ms. */
    public static long durationMs(short[] pcm) {
        return AudioFormat.millisForSamples(pcm.length);
    }
}
