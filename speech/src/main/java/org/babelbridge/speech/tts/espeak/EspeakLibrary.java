package org.babelbridge.speech.tts.espeak;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/** The part of libespeak-ng's classic API (speak_lib.h) that synthesis needs. */
interface EspeakLibrary extends Library {

    int AUDIO_OUTPUT_SYNCHRONOUS = 2;
    int INITIALIZE_DONT_EXIT = 0x8000;
    int POS_CHARACTER = 1;
    int CHARS_UTF8 = 1;
    int EE_OK = 0;

    int RATE = 1;
    int VOLUME = 2;
    int PITCH = 3;
    int RANGE = 4;

    /** Returns the output sample rate, or -1 on failure. */
    int espeak_Initialize(int output, int bufferLengthMs, String path, int options);

    void espeak_SetSynthCallback(SynthCallback callback);

    int espeak_SetVoiceByName(String name);

    int espeak_SetParameter(int parameter, int value, int relative);

    int espeak_Synth(byte[] text, NativeLong size, int position, int positionType, int endPosition,
                     int flags, Pointer uniqueIdentifier, Pointer userData);

    int espeak_Synchronize();

    /** Called with each chunk of samples; {@code wav} is null at the end. Return 1 to abort. */
    interface SynthCallback extends Callback {
        int invoke(Pointer wav, int sampleCount, Pointer events);
    }
}
