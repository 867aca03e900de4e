package org.babelbridge.speech.stt.pocketsphinx;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.SpeechEngineException;
import org.babelbridge.speech.stt.RecognitionListener;
import org.babelbridge.speech.stt.RecognitionStream;
import org.babelbridge.speech.stt.SpeechRecognizer;
import org.babelbridge.speech.stt.Transcript;

/**
 * Offline English recognition with PocketSphinx (en-US acoustic model, general language model or
 * a JSGF grammar), 16 kHz. Decoders are not thread-safe, so each stream borrows one from a pool
 * of at most {@code maxDecoders}; a stream waits when all are busy.
 */
public final class PocketSphinxRecognizer implements SpeechRecognizer {

    private final PocketSphinxLibrary library;
    private final List<String> arguments;
    private final BlockingQueue<Pointer> idle;
    private final List<Pointer> all = new ArrayList<>();
    private final int maxDecoders;
    private final boolean partialResults;
    private boolean closed;

    private PocketSphinxRecognizer(PocketSphinxLibrary library, List<String> arguments, int maxDecoders,
                                   boolean partialResults) {
        this.library = library;
        this.arguments = arguments;
        this.maxDecoders = maxDecoders;
        this.partialResults = partialResults;
        this.idle = new ArrayBlockingQueue<>(maxDecoders);
    }

    /**
     * Loads the library and the model and builds all decoders, so that configuration errors
     * surface at start-up.
     *
     * @throws EngineConfigurationException naming the setting when the library, model or grammar is missing
     */
    public static PocketSphinxRecognizer start(PocketSphinxConfig config) {
        Path model = config.modelDir();
        Path acoustic = model.resolve("en-us");
        Path languageModel = model.resolve("en-us.lm.bin");
        Path dictionary = model.resolve("cmudict-en-us.dict");
        for (Path required : List.of(acoustic, languageModel, dictionary)) {
            if (!Files.exists(required)) {
                throw new EngineConfigurationException("speech.stt.pocketsphinx.model-dir",
                        "PocketSphinx model file " + required + " is missing (install pocketsphinx-en-us)");
            }
        }
        List<String> arguments = new ArrayList<>(List.of("babelbridge",
                "-hmm", acoustic.toString(), "-dict", dictionary.toString(), "-logfn", "/dev/null"));
        if (config.grammarFile() != null) {
            if (!Files.isReadable(config.grammarFile())) {
                throw new EngineConfigurationException("speech.stt.pocketsphinx.grammar-file",
                        "JSGF grammar " + config.grammarFile() + " cannot be read");
            }
            arguments.addAll(List.of("-jsgf", config.grammarFile().toString()));
        } else {
            arguments.addAll(List.of("-lm", languageModel.toString()));
        }
        arguments.addAll(config.extraArguments());
        PocketSphinxLibrary library;
        try {
            library = Native.load(config.library(), PocketSphinxLibrary.class);
        } catch (UnsatisfiedLinkError e) {
            throw new EngineConfigurationException("speech.stt.pocketsphinx.library",
                    "cannot load the PocketSphinx library '" + config.library()
                            + "' (install the Debian package libpocketsphinx3)", e);
        }
        PocketSphinxRecognizer recognizer = new PocketSphinxRecognizer(library, List.copyOf(arguments),
                config.maxDecoders(), config.partialResults());
        // Every decoder is built now: building one takes a second or more, too long to do mid-call.
        for (int i = 0; i < config.maxDecoders(); i++) {
            recognizer.idle.add(recognizer.newDecoder());
        }
        return recognizer;
    }

    @Override
    public Set<Language> languages() {
        return Set.of(Language.EN);
    }

    @Override
    public RecognitionStream open(Language language, RecognitionListener listener) {
        if (language != Language.EN) {
            throw new IllegalArgumentException("PocketSphinx recognises English only, not " + language.code()
                    + "; configure another speech.stt engine for " + language.code());
        }
        Pointer decoder = borrow();
        if (library.ps_start_utt(decoder) < 0) {
            idle.add(decoder);
            throw new SpeechEngineException("PocketSphinx could not start an utterance");
        }
        return new Stream(decoder, listener);
    }

    @Override
    public void close() {
        synchronized (all) {
            closed = true;
            // Decoders still lent out are freed when they come back.
            Pointer decoder;
            while ((decoder = idle.poll()) != null) {
                library.ps_free(decoder);
                all.remove(decoder);
            }
        }
    }

    private Pointer borrow() {
        Pointer decoder = idle.poll();
        if (decoder != null) {
            return decoder;
        }
        synchronized (all) {
            if (closed) {
                throw new IllegalStateException("PocketSphinx recognizer is closed");
            }
            if (all.size() < maxDecoders) {
                return newDecoder();
            }
        }
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechEngineException("interrupted while waiting for a PocketSphinx decoder", e);
        }
    }

    private void giveBack(Pointer decoder) {
        synchronized (all) {
            if (closed) {
                library.ps_free(decoder);
                all.remove(decoder);
                return;
            }
        }
        idle.add(decoder);
    }

    private Pointer newDecoder() {
        synchronized (all) {
            String[] argv = arguments.toArray(new String[0]);
            Pointer config = library.cmd_ln_parse_r(null, library.ps_args(), argv.length, argv, 1);
            if (config == null) {
                throw new EngineConfigurationException("speech.stt.pocketsphinx.model-dir",
                        "PocketSphinx rejected its arguments " + arguments);
            }
            Pointer decoder = library.ps_init(config);
            library.cmd_ln_free_r(config); // the decoder keeps its own reference
            if (decoder == null) {
                throw new EngineConfigurationException("speech.stt.pocketsphinx.model-dir",
                        "PocketSphinx failed to load its model with " + arguments);
            }
            all.add(decoder);
            return decoder;
        }
    }

    private final class Stream implements RecognitionStream {
        private final Pointer decoder;
        private final RecognitionListener listener;
        private String lastPartial = "";
        private short[] buffered = new short[0];
        private int bufferedLength;
        private boolean done;

        Stream(Pointer decoder, RecognitionListener listener) {
            this.decoder = decoder;
            this.listener = listener;
        }

        @Override
        public void accept(short[] pcm, int offset, int length) {
            if (done) {
                throw new IllegalStateException("recognition stream already finished");
            }
            if (!partialResults) {
                if (bufferedLength + length > buffered.length) {
                    buffered = Arrays.copyOf(buffered, Math.max(bufferedLength + length, buffered.length * 2));
                }
                System.arraycopy(pcm, offset, buffered, bufferedLength, length);
                bufferedLength += length;
                return;
            }
            short[] chunk = offset == 0 && length == pcm.length ? pcm : Arrays.copyOfRange(pcm, offset, offset + length);
            if (library.ps_process_raw(decoder, chunk, new NativeLong(length), 0, 0) < 0) {
                throw new SpeechEngineException("PocketSphinx failed to process audio");
            }
            String partial = hypothesis();
            if (!partial.isEmpty() && !partial.equals(lastPartial)) {
                lastPartial = partial;
                listener.onPartial(partial);
            }
        }

        @Override
        public Transcript finish() {
            if (done) {
                throw new IllegalStateException("recognition stream already finished");
            }
            done = true;
            try {
                if (!partialResults && bufferedLength > 0
                        && library.ps_process_raw(decoder, buffered, new NativeLong(bufferedLength), 0, 1) < 0) {
                    throw new SpeechEngineException("PocketSphinx failed to process audio");
                }
                library.ps_end_utt(decoder);
                Transcript transcript = new Transcript(hypothesis(), Language.EN, -1);
                listener.onFinal(transcript);
                return transcript;
            } finally {
                giveBack(decoder);
            }
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                library.ps_end_utt(decoder);
                giveBack(decoder);
            }
        }

        private String hypothesis() {
            String text = library.ps_get_hyp(decoder, null);
            return text == null ? "" : text;
        }
    }
}
