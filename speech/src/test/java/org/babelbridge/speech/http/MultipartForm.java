package org.babelbridge.speech.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Server side of multipart/form-data for the in-process fakes: a strict reading of RFC 7578. */
public final class MultipartForm {

    private static final Pattern CONTENT_TYPE = Pattern.compile("multipart/form-data; boundary=(.+)");
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]+)\"");

    private MultipartForm() {
    }

    /** The boundary of a multipart Content-Type header, or {@code null} when it is not multipart. */
    public static String boundary(String contentType) {
        Matcher matcher = CONTENT_TYPE.matcher(contentType == null ? "" : contentType);
        return matcher.matches() ? matcher.group(1) : null;
    }

    /** Each part's name and body bytes. */
    public static Map<String, byte[]> parse(byte[] body, String boundary) {
        String latin = new String(body, StandardCharsets.ISO_8859_1);
        Map<String, byte[]> parts = new LinkedHashMap<>();
        String delimiter = "--" + boundary;
        int position = latin.indexOf(delimiter);
        while (position >= 0 && !latin.startsWith(delimiter + "--", position)) {
            int headersStart = position + delimiter.length() + 2;
            int headersEnd = latin.indexOf("\r\n\r\n", headersStart);
            if (headersEnd < 0) {
                throw new IllegalArgumentException("malformed multipart body: part without headers");
            }
            Matcher name = NAME.matcher(latin.substring(headersStart, headersEnd));
            int next = latin.indexOf("\r\n" + delimiter, headersEnd);
            if (!name.find() || next < 0) {
                throw new IllegalArgumentException("malformed multipart body");
            }
            parts.put(name.group(1), Arrays.copyOfRange(body, headersEnd + 4, next));
            position = next + 2;
        }
        if (position < 0) {
            throw new IllegalArgumentException("malformed multipart body: no closing delimiter");
        }
        return parts;
    }
}
