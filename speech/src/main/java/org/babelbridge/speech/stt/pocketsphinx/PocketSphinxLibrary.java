package org.babelbridge.speech.stt.pocketsphinx;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/** The part of the pocketsphinx 5prealpha C API (and sphinxbase's cmd_ln) that decoding needs. */
interface PocketSphinxLibrary extends Library {

    Pointer ps_args();

    /** Parses name/value pairs; {@code argv[0]} is the program name. */
    Pointer cmd_ln_parse_r(Pointer config, Pointer definitions, int argc, String[] argv, int strict);

    int cmd_ln_free_r(Pointer config);

    Pointer ps_init(Pointer config);

    int ps_free(Pointer decoder);

    int ps_start_utt(Pointer decoder);

    int ps_process_raw(Pointer decoder, short[] data, NativeLong sampleCount, int noSearch, int fullUtterance);

    int ps_end_utt(Pointer decoder);

    String ps_get_hyp(Pointer decoder, IntByReference bestScore);
}
