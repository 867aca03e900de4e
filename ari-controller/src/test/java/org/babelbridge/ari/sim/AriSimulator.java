package org.babelbridge.ari.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An Asterisk stand-in speaking ARI as published in Asterisk's API documents (test resources
 * {@code ari-spec/}): it accepts only declared operations and parameters (else 400), answers with
 * {@code Channel}/{@code Bridge} JSON and emits events whose JSON is checked against the spec's
 * models before it is sent. Phones are scripted (answer, busy, no answer); every externalMedia
 * channel is a {@link SimulatedRtpPeer} that speaks the bridged phone's voice as real RTP and
 * records what comes back.
 * <p>
 * Like Asterisk, events that happen while no WebSocket of the application is connected are lost,
 * and an Asterisk restart loses every channel and bridge without events.
 */
public final class AriSimulator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ARI_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    /** How a called phone behaves. */
    public enum Answer { ANSWER, BUSY, NO_ANSWER }

    private record PhoneScript(Answer answer, long delayMs) {
    }

    /** A channel as the simulator keeps it. */
    public static final class SimChannel {
        final String id;
        final String name;
        final String endpoint;
        String state;
        final String callerNumber;
        final String callerName;
        final String context;
        final String exten;
        final Instant created;
        boolean inStasis;
        String bridgeId;
        SimulatedRtpPeer rtp;

        SimChannel(String id, String name, String endpoint, String state, String callerNumber, String callerName,
                   String context, String exten) {
            this.id = id;
            this.name = name;
            this.endpoint = endpoint;
            this.state = state;
            this.callerNumber = callerNumber;
            this.callerName = callerName;
            this.context = context;
            this.exten = exten;
            this.created = Instant.now();
        }

        public String id() {
            return id;
        }

        public String name() {
            return name;
        }

        public String state() {
            return state;
        }
    }

    private final String app;
    private final String authorization;
    private final AriSpec spec = AriSpec.load();
    private final MiniHttpServer http;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "ari-sim");
        t.setDaemon(true);
        return t;
    });

    private final Object lock = new Object();
    private final Map<String, SimChannel> channels = new LinkedHashMap<>();
    private final Map<String, List<String>> bridges = new LinkedHashMap<>();
    private final Map<String, PhoneScript> phones = new HashMap<>();
    private final Map<String, short[]> voices = new HashMap<>();
    private final Map<String, SimulatedRtpPeer> mediaByParticipant = new HashMap<>();
    private final Map<String, Map<String, String>> dynamicConfig = new LinkedHashMap<>();
    private final Map<String, String> endpointStates = new LinkedHashMap<>();
    private final List<String> subscriptions = new CopyOnWriteArrayList<>();
    private final List<MiniHttpServer.WebSocketSession> sockets = new CopyOnWriteArrayList<>();
    private final List<String> requestLog = new CopyOnWriteArrayList<>();
    private final List<String> rejected = new CopyOnWriteArrayList<>();
    private final List<JsonNode> emitted = new CopyOnWriteArrayList<>();
    private final List<SimulatedRtpPeer> allPeers = new CopyOnWriteArrayList<>();
    private volatile boolean acceptingWebSockets = true;
    private int channelSeq;
    private String asteriskId = "02:42:ac:11:00:02";

    private AriSimulator(String app, String username, String password, int port) throws IOException {
        this.app = app;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.http = new MiniHttpServer(port, this::handle, new MiniHttpServer.UpgradeHandler() {
            @Override
            public boolean allowed(MiniHttpServer.Request request) {
                return acceptingWebSockets;
            }

            @Override
            public boolean accept(MiniHttpServer.Request request, MiniHttpServer.WebSocketSession session) {
                return acceptWebSocket(request, session);
            }
        });
    }

    /** Listens on a free loopback port. */
    public static AriSimulator start(String app, String username, String password) throws IOException {
        return new AriSimulator(app, username, password, 0);
    }

    /** Listens on loopback {@code port}. */
    public static AriSimulator start(String app, String username, String password, int port) throws IOException {
        return new AriSimulator(app, username, password, port);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + http.port() + "/ari");
    }

    // ---- scripting the phones -----------------------------------------------------------------

    /** How {@code endpoint} (e.g. {@code PJSIP/bob}) answers when the bridge calls it. */
    public void phone(String endpoint, Answer answer, long delayMs) {
        synchronized (lock) {
            phones.put(endpoint, new PhoneScript(answer, delayMs));
        }
    }

    /**
     * What the person on {@code endpoint} says once their call is connected to the bridge, as PCM at
     * the externalMedia format's rate (8 kHz for ulaw, 16 kHz for slin16).
     */
    public void voice(String endpoint, short[] pcm) {
        synchronized (lock) {
            voices.put(endpoint, pcm);
        }
    }

    /**
     * A call arrives from a registered softphone {@code PJSIP/<endpointName>} dialling {@code exten}:
     * the dialplan runs {@code Stasis(app,inbound,<exten>)}.
     */
    public String incomingCall(String endpointName, String callerNumber, String exten) {
        return incoming("PJSIP/" + endpointName, callerNumber, endpointName, "from-softphones", exten);
    }

    /** A call arrives on the trunk from {@code callerNumber} to the DID {@code exten}. */
    public String incomingTrunkCall(String callerNumber, String exten) {
        return incoming("PJSIP/trunk", callerNumber, "", "from-trunk", exten);
    }

    private String incoming(String endpoint, String callerNumber, String callerName, String context, String exten) {
        synchronized (lock) {
            SimChannel ch = newChannel(endpoint, "Ring", callerNumber, callerName, context, exten);
            ch.inStasis = true;
            ObjectNode event = event("StasisStart");
            event.set("args", JSON.createArrayNode().add("inbound").add(exten));
            event.set("channel", channelJson(ch));
            emit("StasisStart", event);
            return ch.id;
        }
    }

    /**
     * A softphone registers ({@code online}) or its registration goes ({@code offline}); emits
     * EndpointStateChange to applications subscribed to {@code endpoint:PJSIP}.
     */
    public void endpointState(String resource, boolean online) {
        synchronized (lock) {
            endpointStates.put(resource, online ? "online" : "offline");
            if (subscriptions.contains("endpoint:PJSIP") || subscriptions.contains("endpoint:PJSIP/" + resource)) {
                ObjectNode e = event("EndpointStateChange");
                e.set("endpoint", endpointJson(resource));
                emit("EndpointStateChange", e);
            }
        }
    }

    /** The person on {@code channelId} hangs up. */
    public void hangupFromPhone(String channelId) {
        synchronized (lock) {
            SimChannel ch = channels.get(channelId);
            if (ch == null) {
                return;
            }
            ObjectNode req = event("ChannelHangupRequest");
            req.put("cause", 16);
            req.set("channel", channelJson(ch));
            emit("ChannelHangupRequest", req);
            destroy(ch, 16, "Normal Clearing");
        }
    }

    /** The person on {@code channelId} presses a key. */
    public void dtmfFromPhone(String channelId, char digit) {
        synchronized (lock) {
            SimChannel ch = channels.get(channelId);
            if (ch == null) {
                return;
            }
            ObjectNode e = event("ChannelDtmfReceived");
            e.put("digit", String.valueOf(digit));
            e.put("duration_ms", 120);
            e.set("channel", channelJson(ch));
            emit("ChannelDtmfReceived", e);
        }
    }

    /**
     * While false, events WebSocket connections are dropped right after the handshake, as during a
     * network outage; events meanwhile are lost.
     */
    public void acceptWebSockets(boolean accepting) {
        acceptingWebSockets = accepting;
    }

    /** Cuts every events WebSocket as a network failure would (no close frame). */
    public void dropWebSockets() {
        for (MiniHttpServer.WebSocketSession s : sockets) {
            s.abort();
        }
        sockets.clear();
    }

    /**
     * Asterisk restarts: WebSockets drop, every channel and bridge is gone without events, the
     * entity id changes. Dynamic configuration kept in AstDB survives, as in the shipped sorcery.conf.
     */
    public void restartAsterisk() {
        synchronized (lock) {
            dropWebSockets();
            for (SimChannel ch : channels.values()) {
                if (ch.rtp != null) {
                    ch.rtp.close();
                }
            }
            channels.clear();
            bridges.clear();
            subscriptions.clear();
            asteriskId = "02:42:ac:11:00:" + String.format("%02x", (channelSeq + 7) & 0xff);
        }
    }

    // ---- inspection -----------------------------------------------------------------------------

    public List<String> requests() {
        return List.copyOf(requestLog);
    }

    /** Requests refused because they are not operations of the ARI spec, or lack required parameters. */
    public List<String> rejectedRequests() {
        return List.copyOf(rejected);
    }

    public List<JsonNode> emittedEvents() {
        return List.copyOf(emitted);
    }

    public int connectedWebSockets() {
        return (int) sockets.stream().filter(MiniHttpServer.WebSocketSession::isOpen).count();
    }

    public List<String> liveChannelNames() {
        synchronized (lock) {
            return channels.values().stream().map(c -> c.name).toList();
        }
    }

    public Optional<String> liveChannelOf(String endpoint) {
        synchronized (lock) {
            return channels.values().stream().filter(c -> c.endpoint.equals(endpoint)).map(c -> c.id).findFirst();
        }
    }

    public boolean isLive(String channelId) {
        synchronized (lock) {
            return channels.containsKey(channelId);
        }
    }

    public String stateOf(String channelId) {
        synchronized (lock) {
            SimChannel ch = channels.get(channelId);
            return ch == null ? "Gone" : ch.state;
        }
    }

    public Map<String, List<String>> bridges() {
        synchronized (lock) {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            bridges.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return copy;
        }
    }

    /** The externalMedia peer bridged with the participant channel (kept after hang-up for inspection). */
    public Optional<SimulatedRtpPeer> mediaOf(String participantChannelId) {
        synchronized (lock) {
            return Optional.ofNullable(mediaByParticipant.get(participantChannelId));
        }
    }

    public Map<String, Map<String, String>> dynamicConfig() {
        synchronized (lock) {
            return new LinkedHashMap<>(dynamicConfig);
        }
    }

    // ---- HTTP -----------------------------------------------------------------------------------

    private boolean acceptWebSocket(MiniHttpServer.Request request, MiniHttpServer.WebSocketSession session) {
        if (!authorization.equals(request.headers().get("authorization"))) {
            return false;
        }
        String reason = spec.checkRequest("GET", request.path().substring("/ari".length()), request.query().keySet());
        if (reason != null || !app.equals(request.query().get("app"))) {
            rejected.add("GET " + request.path() + " " + reason);
            return false;
        }
        sockets.add(session);
        return true;
    }

    private MiniHttpServer.Response handle(MiniHttpServer.Request r) {
        if (!authorization.equals(r.headers().get("authorization"))) {
            return new MiniHttpServer.Response(401, "{\"message\":\"Authentication required\"}");
        }
        if (!r.path().startsWith("/ari/")) {
            return new MiniHttpServer.Response(404, "{\"message\":\"Not found\"}");
        }
        String path = r.path().substring("/ari".length());
        requestLog.add(r.method() + " " + path + (r.query().isEmpty() ? "" : " " + r.query()));
        String reason = spec.checkRequest(r.method(), path, r.query().keySet());
        if (reason != null) {
            rejected.add(r.method() + " " + path + ": " + reason);
            return error(400, reason);
        }
        synchronized (lock) {
            return route(r.method(), path.split("/"), r.query(), r.body());
        }
    }

    private MiniHttpServer.Response route(String method, String[] p, Map<String, String> q, byte[] body) {
        // p[0] is empty: "/channels/x" -> ["", "channels", "x"]
        String resource = p.length > 1 ? p[1] : "";
        switch (resource) {
            case "channels":
                if (p.length == 2 && method.equals("GET")) {
                    ArrayNode list = JSON.createArrayNode();
                    channels.values().forEach(c -> list.add(channelJson(c)));
                    return ok(list);
                }
                if (p.length == 3 && p[2].equals("externalMedia")) {
                    return externalMedia(q);
                }
                if (p.length == 2 && method.equals("POST")) {
                    return originate(UUID.randomUUID().toString(), q);
                }
                if (p.length == 3 && method.equals("POST")) {
                    return originate(p[2], q);
                }
                SimChannel ch = channels.get(p[2]);
                if (ch == null) {
                    return error(404, "Channel not found");
                }
                if (p.length == 3 && method.equals("GET")) {
                    return ok(channelJson(ch));
                }
                if (p.length == 3 && method.equals("DELETE")) {
                    destroy(ch, causeOf(q.getOrDefault("reason", "normal")), q.getOrDefault("reason", "normal"));
                    return noContent();
                }
                if (p.length == 4 && p[3].equals("answer")) {
                    if (!ch.inStasis) {
                        return error(409, "Channel not in Stasis application");
                    }
                    setState(ch, "Up");
                    return noContent();
                }
                if (p.length == 4 && p[3].equals("ring")) {
                    setState(ch, "Ringing");
                    return noContent();
                }
                return error(501, "not simulated: " + method + " " + String.join("/", p));
            case "bridges":
                if (p.length == 2 && method.equals("GET")) {
                    ArrayNode list = JSON.createArrayNode();
                    bridges.keySet().forEach(id -> list.add(bridgeJson(id)));
                    return ok(list);
                }
                if (p.length <= 3 && method.equals("POST")) {
                    String id = p.length == 3 ? p[2] : q.getOrDefault("bridgeId", UUID.randomUUID().toString());
                    if (!"mixing".equals(q.getOrDefault("type", "mixing"))) {
                        return error(400, "simulated bridges are mixing bridges");
                    }
                    bridges.putIfAbsent(id, new ArrayList<>());
                    return ok(bridgeJson(id));
                }
                List<String> members = bridges.get(p[2]);
                if (members == null) {
                    return error(404, "Bridge not found");
                }
                if (p.length == 3 && method.equals("DELETE")) {
                    for (String c : List.copyOf(members)) {
                        leaveBridge(c);
                    }
                    bridges.remove(p[2]);
                    return noContent();
                }
                if (p.length == 3 && method.equals("GET")) {
                    return ok(bridgeJson(p[2]));
                }
                if (p.length == 4 && p[3].equals("addChannel")) {
                    return addChannels(p[2], q.get("channel").split(","));
                }
                if (p.length == 4 && p[3].equals("removeChannel")) {
                    leaveBridge(q.get("channel"));
                    return noContent();
                }
                return error(501, "not simulated: " + method + " " + String.join("/", p));
            case "endpoints":
                if (p.length == 3 && p[2].equals("PJSIP") && method.equals("GET")) {
                    ArrayNode list = JSON.createArrayNode();
                    endpointStates.keySet().forEach(r -> list.add(endpointJson(r)));
                    return ok(list);
                }
                return error(501, "not simulated: " + method + " " + String.join("/", p));
            case "applications":
                if (p.length == 4 && p[3].equals("subscription") && method.equals("POST") && p[2].equals(app)) {
                    for (String source : q.get("eventSource").split(",")) {
                        if (!subscriptions.contains(source)) {
                            subscriptions.add(source);
                        }
                    }
                    ObjectNode application = JSON.createObjectNode();
                    application.put("name", app);
                    application.putArray("channel_ids");
                    application.putArray("bridge_ids");
                    ArrayNode eps = application.putArray("endpoint_ids");
                    subscriptions.forEach(eps::add);
                    application.putArray("device_names");
                    application.putArray("events_allowed");
                    application.putArray("events_disallowed");
                    spec.checkModel("Application", application);
                    return ok(application);
                }
                return error(p.length >= 3 && !p[2].equals(app) ? 404 : 501, "not simulated: " + method + " " + String.join("/", p));
            case "asterisk":
                if (p.length == 3 && p[2].equals("info")) {
                    ObjectNode info = JSON.createObjectNode();
                    info.putObject("system").put("entity_id", asteriskId).put("version", "20.6.0");
                    return ok(info);
                }
                if (p.length == 3 && p[2].equals("ping")) {
                    ObjectNode ping = JSON.createObjectNode();
                    ping.put("asterisk_id", asteriskId).put("ping", "pong").put("timestamp", now());
                    return ok(ping);
                }
                if (p.length == 7 && p[2].equals("config") && p[3].equals("dynamic")) {
                    return dynamicConfig(method, p[4] + "/" + p[5] + "/" + p[6], body);
                }
                return error(501, "not simulated: " + method + " " + String.join("/", p));
            default:
                return error(501, "not simulated: " + method + " " + String.join("/", p));
        }
    }

    private MiniHttpServer.Response originate(String channelId, Map<String, String> q) {
        if (channels.containsKey(channelId)) {
            return error(409, "Channel with given unique ID already exists");
        }
        if (!app.equals(q.get("app"))) {
            return error(400, "the simulator originates into the Stasis application only");
        }
        String endpoint = q.get("endpoint");
        String resource = endpoint.contains("@") ? endpoint.substring(0, endpoint.indexOf('@')) : endpoint;
        String name = endpoint.contains("@") ? "PJSIP/" + endpoint.substring(endpoint.indexOf('@') + 1) : resource;
        SimChannel ch = new SimChannel(channelId, name + "-" + String.format("%08x", ++channelSeq), endpoint, "Down",
                q.getOrDefault("callerId", ""), "", "default", "s");
        channels.put(channelId, ch);
        List<String> args = q.containsKey("appArgs") && !q.get("appArgs").isEmpty()
                ? Arrays.asList(q.get("appArgs").split(",")) : List.of();
        PhoneScript script = phones.get(endpoint);
        long timeoutMs = Long.parseLong(q.getOrDefault("timeout", "30")) * 1000;
        timer.schedule(() -> ring(channelId, args, script, timeoutMs), 10, TimeUnit.MILLISECONDS);
        return ok(channelJson(ch));
    }

    private void ring(String channelId, List<String> args, PhoneScript script, long timeoutMs) {
        synchronized (lock) {
            SimChannel ch = channels.get(channelId);
            if (ch == null) {
                return;
            }
            if (script == null) {
                dial(ch, "CHANUNAVAIL");
                destroy(ch, 20, "Subscriber absent");
                return;
            }
            dial(ch, "");
            setState(ch, "Ringing");
            dial(ch, "RINGING");
        }
        long delay = switch (script.answer()) {
            case ANSWER, BUSY -> script.delayMs();
            case NO_ANSWER -> Math.min(timeoutMs, script.delayMs());
        };
        timer.schedule(() -> {
            synchronized (lock) {
                SimChannel ch = channels.get(channelId);
                if (ch == null) {
                    return;
                }
                switch (script.answer()) {
                    case ANSWER -> {
                        dial(ch, "ANSWER");
                        setState(ch, "Up");
                        ch.inStasis = true;
                        ObjectNode start = event("StasisStart");
                        ArrayNode a = start.putArray("args");
                        args.forEach(a::add);
                        start.set("channel", channelJson(ch));
                        emit("StasisStart", start);
                    }
                    case BUSY -> {
                        dial(ch, "BUSY");
                        destroy(ch, 17, "User busy");
                    }
                    case NO_ANSWER -> {
                        dial(ch, "NOANSWER");
                        destroy(ch, 19, "No answer");
                    }
                }
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void dial(SimChannel peer, String status) {
        ObjectNode e = event("Dial");
        e.set("peer", channelJson(peer));
        e.put("dialstring", peer.endpoint.substring(peer.endpoint.indexOf('/') + 1));
        e.put("dialstatus", status);
        emit("Dial", e);
    }

    private MiniHttpServer.Response externalMedia(Map<String, String> q) {
        String id = q.getOrDefault("channelId", UUID.randomUUID().toString());
        if (channels.containsKey(id)) {
            return error(409, "Channel with given unique ID already exists");
        }
        if (!"rtp".equals(q.getOrDefault("encapsulation", "rtp")) || !"udp".equals(q.getOrDefault("transport", "udp"))) {
            return error(400, "simulated externalMedia speaks RTP over UDP");
        }
        String host = q.get("external_host");
        if (host == null || !host.contains(":")) {
            return error(400, "external_host must be <ip>:<port>");
        }
        SimulatedRtpPeer peer;
        try {
            InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(host.substring(0, host.lastIndexOf(':'))),
                    Integer.parseInt(host.substring(host.lastIndexOf(':') + 1)));
            peer = new SimulatedRtpPeer(q.get("format"), target, timer);
        } catch (IllegalArgumentException | IOException e) {
            return error(400, e.getMessage());
        }
        allPeers.add(peer);
        SimChannel ch = new SimChannel(id, "UnicastRTP/" + host + "-" + String.format("0x%x", ++channelSeq),
                "UnicastRTP/" + host, "Up", "", "", "default", "s");
        ch.rtp = peer;
        ch.inStasis = true;
        channels.put(id, ch);
        ObjectNode json = channelJson(ch);
        ObjectNode start = event("StasisStart");
        start.putArray("args");
        start.set("channel", json);
        emit("StasisStart", start);
        return ok(json);
    }

    private MiniHttpServer.Response addChannels(String bridgeId, String[] ids) {
        for (String id : ids) {
            SimChannel ch = channels.get(id);
            if (ch == null) {
                return error(400, "Channel not found");
            }
            if (!ch.inStasis) {
                return error(422, "Channel not in Stasis application");
            }
        }
        for (String id : ids) {
            SimChannel ch = channels.get(id);
            if (ch.bridgeId != null) {
                leaveBridge(id);
            }
            ch.bridgeId = bridgeId;
            bridges.get(bridgeId).add(id);
            ObjectNode e = event("ChannelEnteredBridge");
            e.set("bridge", bridgeJson(bridgeId));
            e.set("channel", channelJson(ch));
            emit("ChannelEnteredBridge", e);
        }
        connectMedia(bridgeId);
        return noContent();
    }

    /** Once a bridge holds a phone and an externalMedia channel, the phone's voice flows as RTP. */
    private void connectMedia(String bridgeId) {
        SimChannel phone = null;
        SimChannel media = null;
        for (String id : bridges.get(bridgeId)) {
            SimChannel ch = channels.get(id);
            if (ch.rtp != null) {
                media = ch;
            } else {
                phone = ch;
            }
        }
        if (phone == null || media == null || mediaByParticipant.get(phone.id) == media.rtp) {
            return;
        }
        mediaByParticipant.put(phone.id, media.rtp);
        short[] voice = voices.get(phone.endpoint);
        if (voice != null) {
            media.rtp.say(voice);
        }
    }

    private void leaveBridge(String channelId) {
        SimChannel ch = channels.get(channelId);
        if (ch == null || ch.bridgeId == null) {
            return;
        }
        List<String> members = bridges.get(ch.bridgeId);
        if (members != null) {
            members.remove(channelId);
            ObjectNode e = event("ChannelLeftBridge");
            e.set("bridge", bridgeJson(ch.bridgeId));
            e.set("channel", channelJson(ch));
            emit("ChannelLeftBridge", e);
        }
        ch.bridgeId = null;
    }

    private void destroy(SimChannel ch, int cause, String causeText) {
        leaveBridge(ch.id);
        if (ch.inStasis) {
            ObjectNode end = event("StasisEnd");
            end.set("channel", channelJson(ch));
            emit("StasisEnd", end);
        }
        ch.state = "Down";
        ObjectNode e = event("ChannelDestroyed");
        e.put("cause", cause);
        e.put("cause_txt", causeText);
        e.set("channel", channelJson(ch));
        emit("ChannelDestroyed", e);
        channels.remove(ch.id);
        if (ch.rtp != null) {
            ch.rtp.close();
        }
    }

    private void setState(SimChannel ch, String state) {
        if (state.equals(ch.state)) {
            return;
        }
        ch.state = state;
        ObjectNode e = event("ChannelStateChange");
        e.set("channel", channelJson(ch));
        emit("ChannelStateChange", e);
    }

    private MiniHttpServer.Response dynamicConfig(String method, String key, byte[] body) {
        switch (method) {
            case "PUT" -> {
                Map<String, String> fields = new LinkedHashMap<>();
                try {
                    JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
                    for (JsonNode f : json.path("fields")) {
                        if (!f.hasNonNull("attribute") || !f.hasNonNull("value")) {
                            return error(400, "fields must be ConfigTuple {attribute, value}");
                        }
                        fields.put(f.get("attribute").asText(), f.get("value").asText());
                    }
                } catch (IOException e) {
                    return error(400, "malformed JSON body");
                }
                dynamicConfig.put(key, fields);
                ArrayNode tuples = JSON.createArrayNode();
                fields.forEach((k, v) -> tuples.addObject().put("attribute", k).put("value", v));
                return ok(tuples);
            }
            case "DELETE" -> {
                return dynamicConfig.remove(key) == null ? error(404, "Object not found") : noContent();
            }
            default -> {
                Map<String, String> fields = dynamicConfig.get(key);
                if (fields == null) {
                    return error(404, "Object not found");
                }
                ArrayNode tuples = JSON.createArrayNode();
                fields.forEach((k, v) -> tuples.addObject().put("attribute", k).put("value", v));
                return ok(tuples);
            }
        }
    }

    // ---- JSON of the spec's models ----------------------------------------------------------------

    private SimChannel newChannel(String endpoint, String state, String callerNumber, String callerName,
                                  String context, String exten) {
        String id = "1700000000." + (++channelSeq);
        SimChannel ch = new SimChannel(id, endpoint + "-" + String.format("%08x", channelSeq), endpoint, state,
                callerNumber, callerName, context, exten);
        channels.put(id, ch);
        return ch;
    }

    private ObjectNode channelJson(SimChannel ch) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", ch.id);
        json.put("protocol_id", ch.rtp != null ? "" : ch.id + "@sim");
        json.put("name", ch.name);
        json.put("state", ch.state);
        json.putObject("caller").put("name", ch.callerName).put("number", ch.callerNumber);
        json.putObject("connected").put("name", "").put("number", "");
        json.put("accountcode", "");
        json.putObject("dialplan").put("context", ch.context).put("exten", ch.exten).put("priority", 1)
                .put("app_name", ch.inStasis ? "Stasis" : "").put("app_data", ch.inStasis ? app : "");
        json.put("creationtime", ARI_TIME.format(ch.created));
        json.put("language", "en");
        if (ch.rtp != null) {
            json.putObject("channelvars")
                    .put("UNICASTRTP_LOCAL_ADDRESS", "127.0.0.1")
                    .put("UNICASTRTP_LOCAL_PORT", Integer.toString(ch.rtp.localPort()));
        }
        spec.checkModel("Channel", json);
        return json;
    }

    private ObjectNode endpointJson(String resource) {
        ObjectNode json = JSON.createObjectNode();
        json.put("technology", "PJSIP");
        json.put("resource", resource);
        json.put("state", endpointStates.getOrDefault(resource, "unknown"));
        ArrayNode ids = json.putArray("channel_ids");
        channels.values().stream().filter(c -> c.endpoint.equals("PJSIP/" + resource)).forEach(c -> ids.add(c.id));
        spec.checkModel("Endpoint", json);
        return json;
    }

    private ObjectNode bridgeJson(String id) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", id);
        json.put("technology", "softmix");
        json.put("bridge_type", "mixing");
        json.put("bridge_class", "stasis");
        json.put("creator", "Stasis");
        json.put("name", id);
        ArrayNode members = json.putArray("channels");
        bridges.getOrDefault(id, List.of()).forEach(members::add);
        json.put("creationtime", now());
        spec.checkModel("Bridge", json);
        return json;
    }

    private ObjectNode event(String type) {
        ObjectNode e = JSON.createObjectNode();
        e.put("type", type);
        e.put("application", app);
        e.put("timestamp", now());
        e.put("asterisk_id", asteriskId);
        return e;
    }

    private void emit(String model, ObjectNode event) {
        spec.checkModel(model, event);
        emitted.add(event);
        String text = event.toString();
        for (MiniHttpServer.WebSocketSession s : sockets) {
            if (!s.sendText(text)) {
                sockets.remove(s);
            }
        }
    }

    /** Sends raw text on every events WebSocket (for malformed-input tests). */
    public void sendRawEvent(String text) {
        for (MiniHttpServer.WebSocketSession s : sockets) {
            s.sendText(text);
        }
    }

    private static String now() {
        return ARI_TIME.format(Instant.now());
    }

    private static int causeOf(String reason) {
        return switch (reason) {
            case "busy" -> 17;
            case "no_answer" -> 19;
            case "congestion" -> 34;
            case "normal" -> 16;
            default -> 16;
        };
    }

    private static MiniHttpServer.Response ok(JsonNode json) {
        return new MiniHttpServer.Response(200, json.toString());
    }

    private static MiniHttpServer.Response noContent() {
        return new MiniHttpServer.Response(204, "");
    }

    private static MiniHttpServer.Response error(int status, String message) {
        return new MiniHttpServer.Response(status, JSON.createObjectNode().put("message", message).toString());
    }

    @Override
    public void close() {
        http.close();
        dropWebSockets();
        allPeers.forEach(SimulatedRtpPeer::close);
        timer.shutdownNow();
    }
}
