package org.babelbridge.ari.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The fields of ARI's {@code Channel} model that the bridge uses.
 *
 * @param id             Asterisk's unique channel id
 * @param name           e.g. {@code PJSIP/alice-00000001}, {@code UnicastRTP/10.0.0.5:20000-0x...}
 * @param state          {@code Down}, {@code Ring}, {@code Ringing}, {@code Up}, {@code Busy}...
 * @param callerNumber   caller ID number (may be empty)
 * @param callerName     caller ID name (may be empty)
 * @param exten          dialplan extension the channel is at
 * @param dialplanApp    application the channel is running ({@code Stasis} once in an ARI application)
 * @param created        creation time, or null when Asterisk sent none or an unreadable one
 */
public record AriChannel(String id, String name, String state, String callerNumber, String callerName, String exten,
                         String dialplanApp, Instant created) {

    // ARI dates look like 2026-11-25T16:04:58.123+0000
    private static final DateTimeFormatter ARI_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");


    public static AriChannel from(JsonNode json) {
        JsonNode caller = json.path("caller");
        return new AriChannel(json.path("id").asText(""), json.path("name").asText(""), json.path("state").asText(""),
                caller.path("number").asText(""), caller.path("name").asText(""),
                json.path("dialplan").path("exten").asText(""), json.path("dialplan").path("app_name").asText(""),
                parseTime(json.path("creationtime").asText("")));
    }

    private static Instant parseTime(String text) {
        try {
            return text.isEmpty() ? null : OffsetDateTime.parse(text, ARI_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
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

    public boolean inStasis() {
        return "Stasis".equals(dialplanApp);
    }

    public boolean isUp() {
        return "Up".equals(state);
    }
}
