package org.babelbridge.sip.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses SDP bodies strictly enough to reject garbage (missing {@code v=0}, {@code o=}, a
 * connection address or a valid {@code m=} line) and leniently about attributes we do not use.
 * Stateless.
 */
public final class SdpParser {

    private static final int MAX_BODY_CHARS = 16 * 1024;

    private SdpParser() {
    }

    public static SessionDescription parse(String body) throws SdpException {
        if (body == null || body.isBlank()) {
            throw SdpException.malformed("empty SDP body");
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw SdpException.malformed("SDP body longer than " + MAX_BODY_CHARS + " characters");
        }
        String[] lines = body.split("\r?\n");
        if (!lines[0].trim().equals("v=0")) {
            throw SdpException.malformed("SDP must start with v=0");
        }
        String originUser = null;
        String sessionId = null;
        long sessionVersion = 0;
        String originAddress = null;
        String sessionConnection = null;
        Direction sessionDirection = Direction.SENDRECV;
        List<MediaBuilder> media = new ArrayList<>();
        MediaBuilder current = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw SdpException.malformed("line " + (i + 1) + " is not <type>=<value>");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            switch (type) {
                case 'o' -> {
                    String[] f = value.split(" ");
                    if (f.length != 6) {
                        throw SdpException.malformed("o= needs 6 fields");
                    }
                    originUser = f[0];
                    sessionId = f[1];
                    sessionVersion = parseLong(f[2], "o= session version");
                    originAddress = f[5];
                }
                case 'c' -> {
                    String address = parseConnection(value);
                    if (current == null) {
                        sessionConnection = address;
                    } else {
                        current.connection = address;
                    }
                }
                case 'm' -> {
                    current = parseMediaLine(value);
                    media.add(current);
                }
                case 'a' -> {
                    if (current == null) {
                        Direction d = direction(value);
                        if (d != null) {
                            sessionDirection = d;
                        }
                    } else {
                        current.attribute(value);
                    }
                }
                default -> {
                    // v, s, t, b, i, u, e, p, z, k, r: not needed for offer/answer.
                }
            }
        }
        if (originUser == null) {
            throw SdpException.malformed("SDP has no o= line");
        }
        if (media.isEmpty()) {
            throw SdpException.malformed("SDP has no m= line");
        }
        List<MediaDescription> built = new ArrayList<>();
        for (MediaBuilder m : media) {
            String address = m.connection != null ? m.connection : sessionConnection;
            if (address == null && m.port != 0) {
                throw SdpException.malformed("m=" + m.type + " has no connection address");
            }
            built.add(m.build(address, m.direction != null ? m.direction : sessionDirection));
        }
        return new SessionDescription(originUser, sessionId, sessionVersion, originAddress, built);
    }

    private static String parseConnection(String value) throws SdpException {
        String[] f = value.split(" ");
        if (f.length != 3 || !f[0].equals("IN") || !(f[1].equals("IP4") || f[1].equals("IP6"))) {
            throw SdpException.malformed("c= must be 'IN IP4|IP6 <address>'");
        }
        String address = f[2];
        int slash = address.indexOf('/');
        return slash >= 0 ? address.substring(0, slash) : address;
    }

    private static MediaBuilder parseMediaLine(String value) throws SdpException {
        String[] f = value.split(" ");
        if (f.length < 4) {
            throw SdpException.malformed("m= needs media, port, protocol and formats");
        }
        MediaBuilder m = new MediaBuilder();
        m.type = f[0];
        String port = f[1];
        int slash = port.indexOf('/');
        m.port = (int) parseLong(slash >= 0 ? port.substring(0, slash) : port, "m= port");
        if (m.port < 0 || m.port > 65535) {
            throw SdpException.malformed("m= port out of range");
        }
        m.protocol = f[2];
        boolean rtp = m.protocol.startsWith("RTP/");
        for (int i = 3; i < f.length; i++) {
            if (!rtp) {
                continue;
            }
            long pt = parseLong(f[i], "m= payload type");
            if (pt < 0 || pt > 127) {
                throw SdpException.malformed("payload type out of range: " + f[i]);
            }
            m.payloadTypes.add((int) pt);
            RtpMap fixed = staticMap((int) pt);
            if (fixed != null) {
                m.rtpMaps.put((int) pt, fixed);
            }
        }
        return m;
    }

    static RtpMap staticMap(int pt) {
        return switch (pt) {
            case 0 -> new RtpMap(0, "PCMU", 8000, 1);
            case 8 -> new RtpMap(8, "PCMA", 8000, 1);
            case 9 -> new RtpMap(9, "G722", 8000, 1);
            default -> null;
        };
    }

    private static long parseLong(String text, String what) throws SdpException {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw SdpException.malformed(what + " is not a number: " + text);
        }
    }

    private static Direction direction(String attribute) {
        return switch (attribute.trim().toLowerCase(Locale.ROOT)) {
            case "sendrecv" -> Direction.SENDRECV;
            case "sendonly" -> Direction.SENDONLY;
            case "recvonly" -> Direction.RECVONLY;
            case "inactive" -> Direction.INACTIVE;
            default -> null;
        };
    }

    private static final class MediaBuilder {
        String type;
        int port;
        String protocol;
        String connection;
        Direction direction;
        int ptimeMs;
        final List<Integer> payloadTypes = new ArrayList<>();
        final Map<Integer, RtpMap> rtpMaps = new HashMap<>();
        final Map<Integer, String> fmtp = new HashMap<>();
        final List<SdesCrypto> crypto = new ArrayList<>();

        void attribute(String value) throws SdpException {
            Direction d = direction(value);
            if (d != null) {
                direction = d;
                return;
            }
            int colon = value.indexOf(':');
            if (colon < 0) {
                return;
            }
            String name = value.substring(0, colon).toLowerCase(Locale.ROOT);
            String rest = value.substring(colon + 1).trim();
            switch (name) {
                case "rtpmap" -> {
                    int space = rest.indexOf(' ');
                    if (space < 0) {
                        throw SdpException.malformed("a=rtpmap needs '<pt> <encoding>/<rate>'");
                    }
                    int pt = (int) parseLong(rest.substring(0, space), "a=rtpmap payload type");
                    String[] enc = rest.substring(space + 1).trim().split("/");
                    if (enc.length < 2) {
                        throw SdpException.malformed("a=rtpmap needs '<encoding>/<rate>'");
                    }
                    int rate = (int) parseLong(enc[1], "a=rtpmap clock rate");
                    int channels = enc.length > 2 ? (int) parseLong(enc[2], "a=rtpmap channels") : 1;
                    rtpMaps.put(pt, new RtpMap(pt, enc[0], rate, channels));
                }
                case "fmtp" -> {
                    int space = rest.indexOf(' ');
                    if (space > 0) {
                        try {
                            fmtp.put(Integer.parseInt(rest.substring(0, space)), rest.substring(space + 1).trim());
                        } catch (NumberFormatException e) {
                            throw SdpException.malformed("a=fmtp payload type is not a number");
                        }
                    }
                }
                case "ptime" -> ptimeMs = (int) parseLong(rest, "a=ptime");
                case "crypto" -> SdesCrypto.parse(rest).ifPresent(crypto::add);
                default -> {
                }
            }
        }

        MediaDescription build(String address, Direction dir) {
            return new MediaDescription(type, port, protocol, payloadTypes, rtpMaps, fmtp, address, dir, ptimeMs, crypto);
        }
    }
}
