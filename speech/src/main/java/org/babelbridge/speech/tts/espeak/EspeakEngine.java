package org.babelbridge.speech.tts.espeak;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.SpeechEngineException;

/**
 * The process-wide espeak-ng instance. espeak-ng keeps global state (current voice, parameters,
 * callback), so one instance exists per process and every call is serialised on it.
 * Audio comes out at the library's native rate ({@link #sampleRateHz()}, 22050 Hz).
 */
public final class EspeakEngine {

    private static final Object GLOBAL = new Object();
    private static EspeakEngine instance;

    private final EspeakLibrary library;
    private final int sampleRateHz;
    // espeak-ng keeps a raw pointer to the callback: keep it reachable for the life of the process.
    private final EspeakLibrary.SynthCallback callback;
    private Consumer<short[]> currentSink;
    private RuntimeException sinkFailure;

    private EspeakEngine(EspeakLibrary library, int sampleRateHz) {
        this.library = library;
        this.sampleRateHz = sampleRateHz;
        this.callback = this::onAudio;
        library.espeak_SetSynthCallback(callback);
    }

    /**
     * Loads and initialises espeak-ng once per process; later calls return the same instance.
     *
     * @throws EngineConfigurationException if the library or its data cannot be loaded
     */
    public static EspeakEngine load(EspeakConfig config) {
        synchronized (GLOBAL) {
            if (instance != null) {
                return instance;
            }
            EspeakLibrary library = loadLibrary(config.library());
            int rate = library.espeak_Initialize(EspeakLibrary.AUDIO_OUTPUT_SYNCHRONOUS, config.chunkMs(),
                    config.dataDir(), EspeakLibrary.INITIALIZE_DONT_EXIT);
            if (rate <= 0) {
                throw new EngineConfigurationException("speech.tts.espeak.data-dir",
                        "espeak-ng failed to initialise with data directory "
                                + (config.dataDir() == null ? "(built-in default)" : config.dataDir())
                                + " (install espeak-ng-data)");
            }
            instance = new EspeakEngine(library, rate);
            return instance;
        }
    }

    static EspeakLibrary loadLibrary(String name) {
        try {
            return Native.load(name, EspeakLibrary.class);
        } catch (UnsatisfiedLinkError e) {
            throw new EngineConfigurationException("speech.tts.espeak.library",
                    "cannot load the espeak-ng library '" + name + "' (install the Debian package libespeak-ng1)", e);
        }
    }

    /** Sample rate of the audio handed to {@link #speak}'s consumer. */
    public int sampleRateHz() {
        return sampleRateHz;
    }

    /**
     * Speaks {@code text} with espeak voice {@code voiceName} (e.g. {@code en+f3}), handing native-rate
     * chunks to {@code audio} on the calling thread as they are produced. Blocks other callers.
     *
     * @param wordsPerMinute 80..450
     * @param pitch          0..99 base pitch
     * @param range          0..99 pitch range
     */
    public void speak(String text, String voiceName, int wordsPerMinute, int pitch, int range,
                      Consumer<short[]> audio) {
        byte[] utf8 = (text + '\0').getBytes(StandardCharsets.UTF_8);
        synchronized (GLOBAL) {
            if (library.espeak_SetVoiceByName(voiceName) != EspeakLibrary.EE_OK) {
                throw new IllegalArgumentException("espeak-ng has no voice '" + voiceName + "'");
            }
            library.espeak_SetParameter(EspeakLibrary.RATE, clamp(wordsPerMinute, 80, 450), 0);
            library.espeak_SetParameter(EspeakLibrary.PITCH, clamp(pitch, 0, 99), 0);
            library.espeak_SetParameter(EspeakLibrary.RANGE, clamp(range, 0, 99), 0);
            library.espeak_SetParameter(EspeakLibrary.VOLUME, 100, 0);
            currentSink = audio;
            sinkFailure = null;
            try {
                int result = library.espeak_Synth(utf8, new NativeLong(utf8.length), 0,
                        EspeakLibrary.POS_CHARACTER, 0, EspeakLibrary.CHARS_UTF8, Pointer.NULL, Pointer.NULL);
                library.espeak_Synchronize();
                if (sinkFailure != null) {
                    throw sinkFailure;
                }
                if (result != EspeakLibrary.EE_OK) {
                    throw new SpeechEngineException("espeak-ng synthesis failed with code " + result);
                }
            } finally {
                currentSink = null;
            }
        }
    }

    // Runs inside espeak_Synth on the caller's thread, which holds GLOBAL.
    private int onAudio(Pointer wav, int sampleCount, Pointer events) {
        if (wav == null || sampleCount <= 0 || currentSink == null) {
            return 0;
        }
        try {
            currentSink.accept(wav.getShortArray(0, sampleCount));
            return 0;
        } catch (RuntimeException e) {
            sinkFailure = e;
            return 1;
        }
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
