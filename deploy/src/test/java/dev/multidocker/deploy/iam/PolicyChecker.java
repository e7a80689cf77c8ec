package dev.multidocker.deploy.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multidocker.deploy.iam.ServiceAuthorizationReference.Action;
import dev.multidocker.deploy.iam.ServiceAuthorizationReference.ResourceType;
import dev.multidocker.deploy.sim.IamGlob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Holds the policy documents of a directory to the Service Authorization Reference: every action exists, every
 * Resource fits a resource type its actions accept (and names one where the action requires it), every condition
 * key exists and applies to the statement's actions. Each finding names the file, the statement, the action and
 * the problem.
 */
final class PolicyChecker {
    /** The files' account placeholder, replaced by the account that the course's sed would put there. */
    private static final Pattern ACCOUNT_PLACEHOLDER = Pattern.compile("\\$\\{ACCOUNT_ID}|ACCOUNT_ID");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceAuthorizationReference reference;
    private final List<String> findings = new ArrayList<>();

    PolicyChecker(ServiceAuthorizationReference reference) {
        this.reference = reference;
    }

    List<String> check(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                checkPolicy(file.getFileName().toString(), JSON.readTree(file.toFile()));
            }
        }
        return List.copyOf(findings);
    }

    private void checkPolicy(String file, JsonNode policy) {
        if (!"2012-10-17".equals(policy.path("Version").asText())) {
            findings.add(file + ": Version is not \"2012-10-17\"");
        }
        Map<String, List<String>> resourcesByAction = new LinkedHashMap<>();
        Map<String, Action> actionsByName = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode statement : policy.path("Statement")) {
            index++;
            String where = file + " statement " + statement.path("Sid").asText("#" + index);
            List<String> resources = strings(statement.path("Resource")).stream().map(PolicyChecker::fill).toList();
            boolean trust = statement.has("Principal");
            for (String pattern : strings(statement.path("Action"))) {
                for (Action action : actions(where, pattern)) {
                    if (!trust) {
                        checkResources(where, action, resources);
                        resourcesByAction.computeIfAbsent(action.name(), a -> new ArrayList<>()).addAll(resources);
                        actionsByName.put(action.name(), action);
                    }
                    checkConditions(where, action, statement.path("Condition"));
                }
            }
            if (statement.has("NotAction") || statement.has("NotResource")) {
                findings.add(where + ": NotAction/NotResource allow everything not listed; name what is allowed");
            }
        }
        actionsByName.forEach((name, action) -> checkRequiredTypesCovered(file, action, resourcesByAction.get(name)));
    }

    private List<Action> actions(String where, String pattern) {
        if (pattern.equals("*") || !pattern.contains(":")) {
            findings.add(where + ": action \"" + pattern + "\" allows every action of every service");
            return List.of();
        }
        String prefix = pattern.substring(0, pattern.indexOf(':'));
        if (!reference.serviceExists(prefix)) {
            findings.add(where + ": " + pattern + ": no AWS service has the prefix \"" + prefix + "\"");
            return List.of();
        }
        List<Action> matched = reference.actions(prefix, pattern.substring(prefix.length() + 1));
        if (matched.isEmpty()) {
            findings.add(where + ": " + pattern + ": no such action in the Service Authorization Reference");
        }
        return matched.stream().map(a -> new Action(prefix + ":" + a.name(), a.resourceTypes(), a.conditionKeys())).toList();
    }

    private void checkResources(String where, Action action, List<String> resources) {
        if (resources.isEmpty()) {
            findings.add(where + ": " + action.name() + ": the statement has no Resource");
        }
        for (String resource : resources) {
            if (resource.equals("*")) {
                continue;
            }
            if (action.resourceTypes().isEmpty()) {
                findings.add(where + ": " + action.name() + ": takes no resource type, only Resource \"*\", so " + resource
                    + " matches none of its requests");
            } else if (action.resourceTypes().stream().noneMatch(type -> fits(resource, type.arnFormat()))) {
                findings.add(where + ": " + action.name() + ": Resource " + resource + " fits none of the ARN formats it takes: "
                    + action.resourceTypes().stream().map(t -> t.name() + " " + t.arnFormat()).toList());
            }
        }
    }

    /** An action that requires a resource type needs a statement naming one; "*" would allow it on every one in the account. */
    private void checkRequiredTypesCovered(String file, Action action, List<String> resources) {
        for (ResourceType type : action.resourceTypes()) {
            if (!type.required()) {
                continue;
            }
            if (resources.contains("*")) {
                findings.add(file + ": " + action.name() + ": Resource \"*\" allows it on every " + type.name()
                    + " in the account; name the project's (" + type.arnFormat() + ")");
            } else if (resources.stream().noneMatch(r -> fits(r, type.arnFormat()))) {
                findings.add(file + ": " + action.name() + ": requires a " + type.name() + " resource (" + type.arnFormat()
                    + ") and no statement allowing it names one, so every request is denied");
            }
        }
    }

    private void checkConditions(String where, Action action, JsonNode condition) {
        condition.properties().forEach(operator -> operator.getValue().properties().forEach(entry -> {
            String key = entry.getKey();
            if (!reference.conditionKeyExists(key)) {
                findings.add(where + ": " + action.name() + ": condition key " + key + " does not exist");
            } else if (!key.toLowerCase(Locale.ROOT).startsWith("aws:") && !appliesTo(key, action)) {
                findings.add(where + ": " + action.name() + ": condition key " + key + " is not one of the action's, so "
                    + operator.getKey() + " never holds");
            }
        }));
    }

    private static boolean appliesTo(String key, Action action) {
        return ServiceAuthorizationReference.listed(key, action.conditionKeys())
            || action.resourceTypes().stream().anyMatch(t -> ServiceAuthorizationReference.listed(key, t.conditionKeys()));
    }

    /**
     * Whether some ARN matches both the policy's pattern and the format. IAM matches the partition, service, region
     * and account segments one by one (a wildcard stays inside its segment), and the resource part as a whole.
     */
    static boolean fits(String resource, String arnFormat) {
        String[] policy = resource.split(":", 6);
        String[] format = arnFormat.replaceAll("\\$\\{[^}]+}", "*").split(":", 6);
        if (policy.length < 6 || format.length < 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!IamGlob.overlap(policy[i], format[i])) {
                return false;
            }
        }
        return true;
    }

    private static String fill(String resource) {
        return ACCOUNT_PLACEHOLDER.matcher(resource).replaceAll("123456789012");
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(v -> values.add(v.asText()));
        } else if (!node.isMissingNode()) {
            values.add(node.asText());
        }
        return values;
    }
}
