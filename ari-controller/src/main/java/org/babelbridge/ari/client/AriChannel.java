package org.babelbridge.ari.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields of ARI's {@code Channel} model that the bridge uses.
 *
 * @param id             Asterisk's unique channel id
 * @param name           e.g. {@code PJSIP/alice-00000001}, {@code UnicastRTP/10.0.0.5:20000-0x...}
 * @param state          {@code Down}, {@code Ring}, {@code Ringing}, {@code Up}, {@code Busy}...
 * @param callerNumber   caller ID number (may be empty)
 * @param callerName     caller ID name (may be empty)
 * @param exten          dialplan extension the channel is at
 */
public record AriChannel(String id, String name, String state, String callerNumber, String callerName, String exten) {

    public static AriChannel from(JsonNode json) {
        JsonNode caller = json.path("caller");
        return new AriChannel(json.path("id").asText(""), json.path("name").asText(""), json.path("state").asText(""),
                caller.path("number").asText(""), caller.path("name").asText(""),
                json.path("dialplan").path("exten").asText(""));
    }

    /** Channel technology, the part of the name before the first slash ({@code PJSIP}, {@code UnicastRTP}). */
    public String technology() {
        int slash = name.indexOf('/');
        return slash < 0 ? name : name.substring(0, slash);
    }

    /**
     * For a PJSIP channel, the endpoint name: {@code PJSIP/alice-00000001} gives {@code alice}.
     * Empty for other technologies.
     */
    public String pjsipEndpoint() {
        if (!"PJSIP".equals(technology())) {
            return "";
        }
        String rest = name.substring(name.indexOf('/') + 1);
        int dash = rest.lastIndexOf('-');
        return dash < 0 ? rest : rest.substring(0, dash);
    }

    public boolean isUp() {
        return "Up".equals(state);
    }
}
