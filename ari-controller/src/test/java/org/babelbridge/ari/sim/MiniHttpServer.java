package org.babelbridge.ari.sim;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small HTTP/1.1 server with keep-alive and server-side WebSocket (RFC 6455, text frames),
 * enough to stand in for Asterisk's HTTP server in tests. One thread per connection.
 */
final class MiniHttpServer implements AutoCloseable {

    record Request(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body) {
    }

    record Response(int status, String body) {
    }

    interface Handler {
        Response handle(Request request);
    }

    interface UpgradeHandler {
        /** Whether to switch protocols at all; false answers 503 without a handshake. */
        default boolean allowed(Request request) {
            return true;
        }

        /** Called after the handshake; return false to drop the new WebSocket at once. */
        boolean accept(Request request, WebSocketSession session);
    }

    /** The server side of one WebSocket. */
    static final class WebSocketSession {
        private final Socket socket;
        private final OutputStream out;
        private volatile boolean open = true;

        WebSocketSession(Socket socket, OutputStream out) {
            this.socket = socket;
            this.out = out;
        }

        synchronized boolean sendText(String text) {
            if (!open) {
                return false;
            }
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            try {
                out.write(0x81);
                if (payload.length < 126) {
                    out.write(payload.length);
                } else if (payload.length < 65536) {
                    out.write(126);
                    out.write(payload.length >> 8);
                    out.write(payload.length & 0xff);
                } else {
                    out.write(127);
                    for (int i = 7; i >= 0; i--) {
                        out.write((int) ((long) payload.length >> (8 * i)) & 0xff);
                    }
                }
                out.write(payload);
                out.flush();
                return true;
            } catch (IOException e) {
                abort();
                return false;
            }
        }

        /** Drops the TCP connection without a close handshake, as a network failure would. */
        void abort() {
            open = false;
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        boolean isOpen() {
            return open;
        }
    }

    private final ServerSocket server;
    private final Handler handler;
    private final UpgradeHandler upgradeHandler;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    MiniHttpServer(Handler handler, UpgradeHandler upgradeHandler) throws IOException {
        this(0, handler, upgradeHandler);
    }

    MiniHttpServer(int port, Handler handler, UpgradeHandler upgradeHandler) throws IOException {
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        this.handler = handler;
        this.upgradeHandler = upgradeHandler;
        Thread acceptor = new Thread(this::acceptLoop, "sim-http-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (running) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread t = new Thread(() -> serve(socket), "sim-http-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (running) {
                Request request = readRequest(in);
                if (request == null) {
                    return;
                }
                if ("websocket".equalsIgnoreCase(request.headers().getOrDefault("upgrade", ""))) {
                    upgrade(socket, in, out, request);
                    return;
                }
                Response response;
                try {
                    response = handler.handle(request);
                } catch (RuntimeException e) {
                    response = new Response(500, "{\"message\":\"" + e.getMessage() + "\"}");
                }
                writeResponse(out, response);
            }
        } catch (IOException e) {
            // connection closed by the peer or by close()
        } finally {
            connections.remove(socket);
        }
    }

    private void upgrade(Socket socket, InputStream in, OutputStream out, Request request) throws IOException {
        if (!upgradeHandler.allowed(request)) {
            writeResponse(out, new Response(503, "{\"message\":\"unavailable\"}"));
            return;
        }
        WebSocketSession session = new WebSocketSession(socket, out);
        String key = request.headers().getOrDefault("sec-websocket-key", "");
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                    (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        synchronized (session) {
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        if (!upgradeHandler.accept(request, session)) {
            session.abort();
            return;
        }
        // Read client frames until close: answer pings, ignore text (ARI clients send none).
        while (session.isOpen()) {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) {
                break;
            }
            long len = b1 & 0x7f;
            if (len == 126) {
                len = (in.read() << 8) | in.read();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | in.read();
                }
            }
            byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : new byte[4];
            byte[] payload = in.readNBytes((int) len);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            int opcode = b0 & 0x0f;
            if (opcode == 0x8) {
                synchronized (session) {
                    out.write(new byte[]{(byte) 0x88, 0});
                    out.flush();
                }
                break;
            } else if (opcode == 0x9) {
                synchronized (session) {
                    out.write(0x8A);
                    out.write(payload.length);
                    out.write(payload);
                    out.flush();
                }
            }
        }
        session.abort();
    }

    private static Request readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length < 3) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        String target = parts[1];
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Map<String, String> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : target.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(k, v);
            }
        }
        return new Request(parts[0], path, query, headers, body);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        if (c < 0 && line.size() == 0) {
            return null;
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void writeResponse(OutputStream out, Response response) throws IOException {
        byte[] body = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + response.status() + " " + reason(response.status()) + "\r\n"
                + (body.length > 0 ? "Content-Type: application/json\r\n" : "")
                + "Content-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 422 -> "Unprocessable Entity";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
