package org.babelbridge.ari.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Asterisk's published ARI specification (Swagger 1.2 documents copied into the test resources),
 * used by the simulator to accept only declared operations and parameters, and to check that every
 * JSON object it emits has the required properties of its model.
 */
final class AriSpec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] RESOURCES = {"channels", "bridges", "asterisk", "events", "applications", "endpoints"};

    private record Operation(String method, Pattern path, String template, Set<String> queryParams, Set<String> requiredQuery) {
    }

    private final List<Operation> operations = new ArrayList<>();
    private final Map<String, JsonNode> models = new HashMap<>();

    static AriSpec load() {
        AriSpec spec = new AriSpec();
        for (String name : RESOURCES) {
            try (InputStream in = AriSpec.class.getResourceAsStream("/ari-spec/" + name + ".json")) {
                if (in == null) {
                    throw new IllegalStateException("missing ari-spec/" + name + ".json");
                }
                spec.add(JSON.readTree(in));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return spec;
    }

    private void add(JsonNode doc) {
        for (JsonNode api : doc.path("apis")) {
            String template = api.path("path").asText();
            Pattern pattern = Pattern.compile(template.replaceAll("\\{[^}]+}", "[^/]+"));
            for (JsonNode op : api.path("operations")) {
                Set<String> query = new HashSet<>();
                Set<String> required = new HashSet<>();
                for (JsonNode p : op.path("parameters")) {
                    if ("query".equals(p.path("paramType").asText())) {
                        query.add(p.path("name").asText());
                        if (p.path("required").asBoolean(false)) {
                            required.add(p.path("name").asText());
                        }
                    }
                }
                operations.add(new Operation(op.path("httpMethod").asText(), pattern, template, query, required));
            }
        }
        doc.path("models").fields().forEachRemaining(e -> models.put(e.getKey(), e.getValue()));
    }

    /**
     * Checks a request against the declared operations. Literal paths win over templated ones
     * ({@code /channels/externalMedia} over {@code /channels/{channelId}}), as in Asterisk's router.
     *
     * @return null when the request is declared and complete, else why it is not
     */
    String checkRequest(String method, String path, Set<String> queryNames) {
        Operation match = null;
        for (Operation op : operations) {
            if (op.method().equals(method) && op.path().matcher(path).matches()) {
                if (match == null || (!op.template().contains("{") && match.template().contains("{"))) {
                    match = op;
                }
            }
        }
        if (match == null) {
            return "no ARI operation " + method + " " + path;
        }
        for (String required : match.requiredQuery()) {
            if (!queryNames.contains(required)) {
                return "missing required parameter " + required + " for " + method + " " + match.template();
            }
        }
        for (String name : queryNames) {
            if (!match.queryParams().contains(name)) {
                return "undeclared parameter " + name + " for " + method + " " + match.template();
            }
        }
        return null;
    }

    /** Throws when {@code json} lacks a required property of {@code model} (recursively for model-typed ones). */
    void checkModel(String model, JsonNode json) {
        JsonNode spec = models.get(model);
        if (spec == null) {
            throw new IllegalStateException("no model " + model + " in the ARI spec");
        }
        Map<String, JsonNode> props = new HashMap<>();
        collectProperties(model, props);
        props.forEach((name, prop) -> {
            JsonNode value = json.get(name);
            if (prop.path("required").asBoolean(false) && (value == null || value.isNull())) {
                throw new IllegalStateException(model + "." + name + " is required by the ARI spec: " + json);
            }
            String type = prop.path("type").asText();
            if (value != null && models.containsKey(type)) {
                checkModel(type, value);
            }
        });
    }

    private void collectProperties(String model, Map<String, JsonNode> out) {
        // Events inherit Event's and Message's properties (events.json "subTypes").
        for (Map.Entry<String, JsonNode> e : models.entrySet()) {
            for (JsonNode sub : e.getValue().path("subTypes")) {
                if (sub.asText().equals(model)) {
                    collectProperties(e.getKey(), out);
                }
            }
        }
        models.get(model).path("properties").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
    }
}
