package org.babelbridge.calls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A bounded append-only file of transcript entries waiting for the database, one entry per line (text fields
 * Base64-encoded). Each append is forced to disk. Not thread-safe: used by the recorder under its lock.
 */
final class TranscriptSpool {

    private static final Base64.Encoder ENC = Base64.getEncoder();
    private static final Base64.Decoder DEC = Base64.getDecoder();

    private final Path file;
    private final long maxBytes;

    TranscriptSpool(Path file, long maxBytes) {
        this.file = file;
        this.maxBytes = maxBytes;
    }

    /** Appends {@code entry}; false when the spool is full (the entry is not stored). */
    boolean append(TranscriptEntry entry) throws IOException {
        byte[] line = (encode(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        if (size() + line.length > maxBytes) {
            return false;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE,
                StandardOpenOption.DSYNC);
        return true;
    }

    boolean isEmpty() {
        return size() == 0;
    }

    long size() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The raw lines waiting, oldest first. */
    List<String> lines() throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    /** Replaces the content with {@code remaining} lines (atomically, through a temporary file). */
    void rewrite(List<String> remaining) throws IOException {
        if (remaining.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, (String.join("\n", remaining) + "\n").getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.DSYNC);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static String encode(TranscriptEntry e) {
        StringBuilder sb = new StringBuilder("v1|").append(e.utteranceId()).append('|').append(e.callId()).append('|')
                .append(e.speakerUserId() == null ? "-" : e.speakerUserId()).append('|')
                .append(e.originalLanguage().code()).append('|').append(b64(e.originalText())).append('|')
                .append(e.timestampMs()).append('|').append(num(e.latencies().sttMs())).append('|')
                .append(num(e.latencies().mtMs())).append('|').append(num(e.latencies().ttsFirstAudioMs()))
                .append('|');
        List<String> listeners = new ArrayList<>();
        for (ListenerText l : e.listeners()) {
            listeners.add(l.listenerLanguage().code() + ":" + (l.untranslated() ? "u" : "t") + ":"
                    + (l.translatedText() == null ? "-" : b64(l.translatedText())));
        }
        return sb.append(String.join(";", listeners)).toString();
    }

    /** Decodes a line written by {@link #encode}; throws IllegalArgumentException for a corrupt line. */
    static TranscriptEntry decode(String line) {
        String[] f = line.split("\\|", -1);
        if (f.length != 11 || !"v1".equals(f[0])) {
            throw new IllegalArgumentException("not a transcript spool line");
        }
        List<ListenerText> listeners = new ArrayList<>();
        if (!f[10].isEmpty()) {
            for (String part : f[10].split(";")) {
                String[] l = part.split(":", 3);
                Language language = Language.fromCode(l[0]);
                String text = "-".equals(l[2]) ? null : unb64(l[2]);
                listeners.add("u".equals(l[1]) ? ListenerText.untranslated(language)
                        : new ListenerText(language, text, false));
            }
        }
        return new TranscriptEntry(UUID.fromString(f[1]), Long.parseLong(f[2]),
                "-".equals(f[3]) ? null : Long.parseLong(f[3]), Language.fromCode(f[4]), unb64(f[5]), listeners,
                Long.parseLong(f[6]), new StageLatencies(parse(f[7]), parse(f[8]), parse(f[9])));
    }

    private static String b64(String s) {
        return ENC.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(DEC.decode(s), StandardCharsets.UTF_8);
    }

    private static String num(Integer n) {
        return n == null ? "-" : n.toString();
    }

    private static Integer parse(String s) {
        return "-".equals(s) ? null : Integer.valueOf(s);
    }
}
