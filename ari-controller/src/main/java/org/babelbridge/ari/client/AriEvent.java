package org.babelbridge.ari.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One message from the ARI events WebSocket ({@code Message}/{@code Event} models of events.json).
 * The raw JSON is kept for fields the typed accessors do not cover.
 */
public record AriEvent(String type, JsonNode json) {

    public static AriEvent from(JsonNode json) {
        return new AriEvent(json.path("type").asText(""), json);
    }

    /** The event's {@code channel} (StasisStart, StasisEnd, ChannelStateChange, ChannelDestroyed...). */
    public Optional<AriChannel> channel() {
        JsonNode node = json.get("channel");
        return node == null || !node.isObject() ? Optional.empty() : Optional.of(AriChannel.from(node));
    }

    /** Dial's {@code peer}. */
    public Optional<AriChannel> peer() {
        JsonNode node = json.get("peer");
        return node == null || !node.isObject() ? Optional.empty() : Optional.of(AriChannel.from(node));
    }

    /** StasisStart's {@code args}. */
    public List<String> args() {
        List<String> out = new ArrayList<>();
        json.path("args").forEach(a -> out.add(a.asText()));
        return out;
    }

    /** ChannelDtmfReceived's {@code digit}. */
    public String digit() {
        return json.path("digit").asText("");
    }

    /** Hang-up cause (Q.850) of ChannelDestroyed / ChannelHangupRequest; 0 when absent. */
    public int cause() {
        return json.path("cause").asInt(0);
    }

    /** Dial's {@code dialstatus} (ANSWER, BUSY, NOANSWER, CANCEL, CHANUNAVAIL, CONGESTION...). */
    public String dialStatus() {
        return json.path("dialstatus").asText("");
    }
}
