package dev.multidocker.deploy.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * AWS's published service models (botocore's {@code data/<service>/<version>/service-2.json}, as Debian's
 * awscli package or an installed aws CLI ship them), used to hold a request to what AWS accepts: unknown and
 * missing required members, types, enums, and min/max of lengths and values. Query-protocol requests
 * (Elastic Beanstalk, ELBv2, CloudFormation) are first read back from their flattened parameters into the
 * operation's input shape. Patterns are not checked: botocore's are not all Java regular expressions.
 */
public final class ServiceModels {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Debian's awscli and botocore packages, looked at first. */
    private static final List<Path> DEBIAN = List.of(Path.of("/usr/lib/python3/dist-packages/awscli/botocore/data"),
        Path.of("/usr/lib/python3/dist-packages/botocore/data"));
    /** Where else botocore's data directory is searched for: pip installs, aws CLI v2. */
    private static final List<Path> SEARCH_ROOTS = List.of(Path.of("/usr/lib"), Path.of("/usr/local/lib"),
        Path.of("/usr/local/aws-cli"), Path.of("/opt"));

    private final Path data;
    private final Map<String, JsonNode> models = new ConcurrentHashMap<>();

    private ServiceModels(Path data) {
        this.data = data;
    }

    /** The models on this machine, if any are installed. */
    public static Optional<ServiceModels> installed() {
        return Holder.DATA.map(ServiceModels::new);
    }

    private static final class Holder {
        static final Optional<Path> DATA = find();

        private static Optional<Path> find() {
            Optional<Path> debian = DEBIAN.stream().filter(path -> Files.isDirectory(path.resolve("ecs"))).findFirst();
            if (debian.isPresent()) {
                return debian;
            }
            for (Path root : SEARCH_ROOTS) {
                if (!Files.isDirectory(root)) {
                    continue;
                }
                try (Stream<Path> paths = Files.find(root, 7, (path, attributes) -> attributes.isDirectory()
                    && path.endsWith("botocore/data") && Files.isDirectory(path.resolve("ecs")))) {
                    Optional<Path> found = paths.findFirst();
                    if (found.isPresent()) {
                        return found;
                    }
                } catch (IOException | UncheckedIOException e) {
                    // an unreadable directory under a root: try the next root
                }
            }
            return Optional.empty();
        }
    }

    /** Where the models were found, for messages. */
    public Path location() {
        return data;
    }

    /** The problems AWS's model finds in {@code input} as the input of {@code service}'s {@code operation}; empty when valid. */
    public List<String> validate(String service, String operation, JsonNode input) {
        JsonNode model = model(service);
        JsonNode op = model.path("operations").path(operation);
        if (op.isMissingNode()) {
            return List.of(service + " has no operation " + operation);
        }
        List<String> problems = new ArrayList<>();
        String inputShape = op.path("input").path("shape").asText(null);
        if (inputShape == null) {
            if (input != null && !input.isEmpty()) {
                problems.add(operation + ": takes no input, got " + input);
            }
            return problems;
        }
        new Checker(model, service + " " + operation, problems).check(inputShape, input, "");
        return problems;
    }

    /**
     * The problems in a query-protocol request: its form parameters (without Action and Version) are read into
     * the input shape, every parameter the shape does not name is a problem, and the result is validated.
     */
    public List<String> validateQuery(String service, String operation, Map<String, String> parameters) {
        JsonNode model = model(service);
        JsonNode op = model.path("operations").path(operation);
        if (op.isMissingNode()) {
            return List.of(service + " has no operation " + operation);
        }
        Set<String> consumed = new HashSet<>(Set.of("Action", "Version"));
        String inputShape = op.path("input").path("shape").asText(null);
        JsonNode input = inputShape == null ? NODES.objectNode()
            : new QueryReader(model, parameters, consumed).read(inputShape, "");
        List<String> problems = new ArrayList<>();
        parameters.keySet().stream().filter(key -> !consumed.contains(key)).sorted()
            .forEach(key -> problems.add(service + " " + operation + ": unknown parameter " + key));
        problems.addAll(validate(service, operation, input == null ? NODES.objectNode() : input));
        return problems;
    }

    /** Whether {@code service} has {@code operation}; enough for the REST calls whose input lives in the URL and headers. */
    public boolean hasOperation(String service, String operation) {
        return model(service).path("operations").has(operation);
    }

    private JsonNode model(String service) {
        return models.computeIfAbsent(service, name -> {
            try (Stream<Path> versions = Files.list(data.resolve(name))) {
                Path newest = versions.filter(Files::isDirectory).max(Comparator.comparing(Path::getFileName))
                    .orElseThrow(() -> new IllegalStateException("no model version under " + data.resolve(name)));
                return JSON.readTree(newest.resolve("service-2.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the model of " + name + " under " + data, e);
            }
        });
    }

    /** Walks a value against a shape, collecting each violation with the path where it occurs. */
    private record Checker(JsonNode model, String operation, List<String> problems) {

        void check(String shapeName, JsonNode value, String path) {
            JsonNode shape = model.path("shapes").path(shapeName);
            String where = path.isEmpty() ? "input" : path;
            switch (shape.path("type").asText()) {
                case "structure" -> structure(shape, value, path, where);
                case "list" -> {
                    if (!value.isArray()) {
                        problem(where, "must be a list, found " + value);
                        return;
                    }
                    bounds(shape, value.size(), where, "entries");
                    for (int i = 0; i < value.size(); i++) {
                        check(shape.path("member").path("shape").asText(), value.get(i), where + "[" + i + "]");
                    }
                }
                case "map" -> {
                    if (!value.isObject()) {
                        problem(where, "must be a map, found " + value);
                        return;
                    }
                    bounds(shape, value.size(), where, "entries");
                    value.fields().forEachRemaining(entry -> {
                        check(shape.path("key").path("shape").asText(), NODES.textNode(entry.getKey()), where + " key " + entry.getKey());
                        check(shape.path("value").path("shape").asText(), entry.getValue(), where + "." + entry.getKey());
                    });
                }
                case "string" -> string(shape, value, where);
                case "integer", "long" -> {
                    if (!value.isIntegralNumber()) {
                        problem(where, "must be a whole number, found " + value);
                        return;
                    }
                    if (shape.has("min") && value.longValue() < shape.get("min").asLong()) {
                        problem(where, value + " is below the minimum " + shape.get("min"));
                    }
                    if (shape.has("max") && value.longValue() > shape.get("max").asLong()) {
                        problem(where, value + " is above the maximum " + shape.get("max"));
                    }
                }
                case "double", "float" -> {
                    if (!value.isNumber()) {
                        problem(where, "must be a number, found " + value);
                    }
                }
                case "boolean" -> {
                    if (!value.isBoolean()) {
                        problem(where, "must be true or false, found " + value);
                    }
                }
                case "timestamp" -> {
                    if (!value.isNumber() && !value.isTextual()) {
                        problem(where, "must be a timestamp, found " + value);
                    }
                }
                case "blob" -> {
                    if (!value.isTextual()) {
                        problem(where, "must be base64 text, found " + value);
                    }
                }
                default -> problem(where, "shape " + shapeName + " of type '" + shape.path("type").asText() + "' is not checked");
            }
        }

        private void structure(JsonNode shape, JsonNode value, String path, String where) {
            if (!value.isObject()) {
                problem(where, "must be an object, found " + value);
                return;
            }
            JsonNode members = shape.path("members");
            for (JsonNode required : shape.path("required")) {
                if (!value.hasNonNull(required.asText())) {
                    problem(where, "required member '" + required.asText() + "' is missing");
                }
            }
            value.fields().forEachRemaining(field -> {
                String memberPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (!members.has(field.getKey())) {
                    problem(where, "unknown member '" + field.getKey() + "' (the model knows " + fieldNames(members) + ")");
                } else if (!field.getValue().isNull()) {
                    check(members.get(field.getKey()).path("shape").asText(), field.getValue(), memberPath);
                }
            });
        }

        private void string(JsonNode shape, JsonNode value, String where) {
            if (!value.isTextual()) {
                problem(where, "must be a string, found " + value);
                return;
            }
            String text = value.asText();
            if (shape.has("enum")) {
                List<String> allowed = new ArrayList<>();
                shape.get("enum").forEach(e -> allowed.add(e.asText()));
                if (!allowed.contains(text)) {
                    problem(where, "'" + text + "' is not one of " + allowed);
                }
            }
            bounds(shape, text.length(), where, "characters");
        }

        private void bounds(JsonNode shape, int size, String where, String unit) {
            if (shape.has("min") && size < shape.get("min").asInt()) {
                problem(where, size + " " + unit + ", fewer than the minimum " + shape.get("min"));
            }
            if (shape.has("max") && size > shape.get("max").asInt()) {
                problem(where, size + " " + unit + ", more than the maximum " + shape.get("max"));
            }
        }

        private void problem(String where, String message) {
            problems.add(operation + ": " + where + ": " + message);
        }

        private static List<String> fieldNames(JsonNode members) {
            List<String> names = new ArrayList<>();
            members.fieldNames().forEachRemaining(names::add);
            return names;
        }
    }

    /**
     * Reads the query protocol's flattened parameters back into a shape, as botocore's query serializer writes
     * them: {@code Member.Sub}, lists as {@code Member.member.N} (or {@code Member.N} when flattened), maps as
     * {@code Member.entry.N.key} / {@code .value}, an empty list as {@code Member=}.
     */
    private record QueryReader(JsonNode model, Map<String, String> parameters, Set<String> consumed) {

        JsonNode read(String shapeName, String prefix) {
            JsonNode shape = model.path("shapes").path(shapeName);
            return switch (shape.path("type").asText()) {
                case "structure" -> {
                    ObjectNode object = NODES.objectNode();
                    shape.path("members").fields().forEachRemaining(member -> {
                        String name = member.getValue().path("locationName").asText(member.getKey());
                        String key = prefix.isEmpty() ? name : prefix + "." + name;
                        if (present(key)) {
                            object.set(member.getKey(), read(member.getValue().path("shape").asText(), key));
                        }
                    });
                    yield object;
                }
                case "list" -> {
                    ArrayNode list = NODES.arrayNode();
                    if ("".equals(parameters.get(prefix))) {
                        consumed.add(prefix);
                        yield list;
                    }
                    String elements = shape.path("flattened").asBoolean() ? prefix
                        : prefix + "." + shape.path("member").path("locationName").asText("member");
                    for (int i = 1; present(elements + "." + i); i++) {
                        list.add(read(shape.path("member").path("shape").asText(), elements + "." + i));
                    }
                    yield list;
                }
                case "map" -> {
                    ObjectNode map = NODES.objectNode();
                    String entries = shape.path("flattened").asBoolean() ? prefix : prefix + ".entry";
                    String keyName = shape.path("key").path("locationName").asText("key");
                    String valueName = shape.path("value").path("locationName").asText("value");
                    for (int i = 1; present(entries + "." + i); i++) {
                        String key = parameters.get(entries + "." + i + "." + keyName);
                        consumed.add(entries + "." + i + "." + keyName);
                        map.set(key, read(shape.path("value").path("shape").asText(), entries + "." + i + "." + valueName));
                    }
                    yield map;
                }
                default -> scalar(shape.path("type").asText(), prefix);
            };
        }

        private JsonNode scalar(String type, String key) {
            String text = parameters.get(key);
            consumed.add(key);
            if (text == null) {
                return NODES.nullNode();
            }
            try {
                return switch (type) {
                    case "integer", "long" -> NODES.numberNode(Long.parseLong(text));
                    case "double", "float" -> NODES.numberNode(Double.parseDouble(text));
                    case "boolean" -> text.equals("true") || text.equals("false") ? NODES.booleanNode(Boolean.parseBoolean(text)) : NODES.textNode(text);
                    default -> NODES.textNode(text);
                };
            } catch (NumberFormatException e) {
                return NODES.textNode(text);
            }
        }

        private boolean present(String key) {
            return parameters.keySet().stream().anyMatch(k -> k.equals(key) || k.startsWith(key + "."));
        }
    }
}
