package dev.multidocker.deploy.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CloudFormation's Query API as the deploy CLI calls it: change sets, their execution advanced one
 * resource per status read, stack events newest first, deletion, and the scripted failures a real
 * account produces (a resource that fails, a stack that never settles). Resources with tags are
 * registered with the tagging simulation, which is how leftovers are found after a deletion.
 */
public final class CloudFormationSimulation {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TaggingSimulation tagging;
    private final Map<String, SimStack> stacks = new ConcurrentHashMap<>();
    private final Map<String, String> changeSetStacks = new ConcurrentHashMap<>();
    private final Map<String, String> failingResources = new ConcurrentHashMap<>();
    private final Set<String> stuck = ConcurrentHashMap.newKeySet();
    private final List<String> mutatingCalls = new java.util.concurrent.CopyOnWriteArrayList<>();

    CloudFormationSimulation(TaggingSimulation tagging) {
        this.tagging = tagging;
    }

    /** The resource {@code logicalId} of {@code stack} fails to create, so the stack rolls back. */
    public void failResource(String stack, String logicalId) {
        failingResources.put(stack, logicalId);
    }

    /** The stack's operation never ends (a deadline test). */
    public void neverSettle(String stack) {
        stuck.add(stack);
    }

    /** A stack another operation holds in the given status, with no resources. */
    public void existingStack(String name, String status) {
        stacks.put(name, new SimStack(name, status));
        stuck.add(name);
    }

    public List<String> mutatingCalls() {
        return List.copyOf(mutatingCalls);
    }

    public Set<String> stackNames() {
        return Set.copyOf(stacks.keySet());
    }

    Map<String, ?> handle(String action, Map<String, String> form) {
        return switch (action) {
            case "DescribeStacks" -> Map.of("Stacks", List.of(stack(form.get("StackName")).describe()));
            case "DescribeStackEvents" -> Map.of("StackEvents", stack(form.get("StackName")).newestFirst());
            case "DescribeStackResources" -> Map.of("StackResources", stack(form.get("StackName")).resourceList());
            case "CreateChangeSet" -> createChangeSet(form);
            case "DescribeChangeSet" -> describeChangeSet(form.get("ChangeSetName"));
            case "ExecuteChangeSet" -> execute(form.get("ChangeSetName"));
            case "DeleteChangeSet" -> Map.of();
            case "DeleteStack" -> delete(form.get("StackName"));
            default -> throw new SimulatedError(400, "InvalidAction", action + " is not simulated");
        };
    }

    private SimStack stack(String name) {
        SimStack stack = stacks.get(name);
        if (stack == null) {
            // AWS answers DescribeStacks for an unknown name with this ValidationError.
            throw new SimulatedError(400, "ValidationError", "Stack with id " + name + " does not exist");
        }
        stack.advance();
        return stack;
    }

    private Map<String, ?> createChangeSet(Map<String, String> form) {
        mutatingCalls.add("CreateChangeSet " + form.get("StackName"));
        String name = form.get("StackName");
        JsonNode template;
        try {
            template = JSON.readTree(form.get("TemplateBody"));
        } catch (java.io.IOException e) {
            throw new SimulatedError(400, "ValidationError", "Template format error: JSON not well-formed");
        }
        // CloudFormation: IAM resources with custom names need CAPABILITY_NAMED_IAM in Capabilities
        // (CloudFormation User Guide, "Acknowledging IAM resources in CloudFormation templates").
        boolean namedIam = template.path("Resources").findValues("Type").stream()
            .anyMatch(type -> type.asText().startsWith("AWS::IAM::"));
        if (namedIam && !form.containsValue("CAPABILITY_NAMED_IAM")) {
            throw new SimulatedError(400, "InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_NAMED_IAM]");
        }
        for (JsonNode parameter : iterable(template.path("Parameters").fieldNames())) {
            if (!form.containsValue(parameter.asText())) {
                throw new SimulatedError(400, "ValidationError", "Parameters: [" + parameter.asText() + "] must have values");
            }
        }
        boolean create = "CREATE".equals(form.get("ChangeSetType"));
        SimStack existing = stacks.get(name);
        // CreateChangeSet with ChangeSetType CREATE on an existing stack: AlreadyExistsException (API reference).
        if (create && existing != null && !existing.status.equals("REVIEW_IN_PROGRESS")) {
            throw new SimulatedError(400, "AlreadyExistsException", "Stack [" + name + "] already exists");
        }
        if (!create && existing == null) {
            throw new SimulatedError(400, "ValidationError", "Stack [" + name + "] does not exist");
        }
        SimStack stack = create ? new SimStack(name, "REVIEW_IN_PROGRESS") : existing;
        stacks.put(name, stack);
        stack.pending = template;
        String id = "arn:aws:cloudformation:" + AwsSimulator.REGION + ":" + AwsSimulator.ACCOUNT + ":changeSet/"
            + form.get("ChangeSetName") + "/" + UUID.randomUUID();
        changeSetStacks.put(id, name);
        return Map.of("Id", id, "StackId", stack.id);
    }

    private Map<String, ?> describeChangeSet(String id) {
        SimStack stack = stacks.get(changeSetStacks.get(id));
        List<Map<String, Object>> changes = new ArrayList<>();
        stack.pending.path("Resources").fieldNames().forEachRemaining(logicalId -> changes.add(Map.of("Type", "Resource",
            "ResourceChange", Map.of("Action", stack.resources.containsKey(logicalId) ? "Modify" : "Add",
                "LogicalResourceId", logicalId))));
        if (stack.resources.keySet().equals(fieldNames(stack.pending.path("Resources"))) && stack.status.endsWith("_COMPLETE")
            && stack.applied != null && stack.applied.equals(stack.pending)) {
            // The reason AWS gives a change set with nothing to do.
            return Map.of("ChangeSetId", id, "StackName", stack.name, "Status", "FAILED", "ExecutionStatus", "UNAVAILABLE",
                "StatusReason", "The submitted information didn't contain changes. Submit different information to create a change set.",
                "Changes", List.of());
        }
        return Map.of("ChangeSetId", id, "StackName", stack.name, "Status", "CREATE_COMPLETE",
            "ExecutionStatus", "AVAILABLE", "Changes", changes);
    }

    private Map<String, ?> execute(String id) {
        SimStack stack = stacks.get(changeSetStacks.get(id));
        mutatingCalls.add("ExecuteChangeSet " + stack.name);
        stack.start(stack.status.equals("REVIEW_IN_PROGRESS") ? "CREATE" : "UPDATE");
        return Map.of();
    }

    private Map<String, ?> delete(String name) {
        mutatingCalls.add("DeleteStack " + name);
        SimStack stack = stacks.get(name);
        if (stack != null) {
            stack.startDelete();
        }
        return Map.of();
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Iterable<JsonNode> iterable(java.util.Iterator<String> names) {
        List<JsonNode> list = new ArrayList<>();
        names.forEachRemaining(n -> list.add(JSON.getNodeFactory().textNode(n)));
        return list;
    }

    private final class SimStack {
        final String name;
        final String id;
        String status;
        String reason;
        JsonNode pending;
        JsonNode applied;
        String operation;
        final List<String> queue = new ArrayList<>();
        final Map<String, String> resources = new LinkedHashMap<>();
        final List<Map<String, Object>> events = new ArrayList<>();

        SimStack(String name, String status) {
            this.name = name;
            this.status = status;
            this.id = "arn:aws:cloudformation:" + AwsSimulator.REGION + ":" + AwsSimulator.ACCOUNT + ":stack/" + name + "/" + UUID.randomUUID();
        }

        void start(String operation) {
            this.operation = operation;
            status = operation + "_IN_PROGRESS";
            event(name, "AWS::CloudFormation::Stack", status, "User Initiated");
            pending.path("Resources").fieldNames().forEachRemaining(queue::add);
        }

        void startDelete() {
            operation = "DELETE";
            status = "DELETE_IN_PROGRESS";
            event(name, "AWS::CloudFormation::Stack", status, "User Initiated");
            queue.addAll(resources.keySet());
        }

        /** One step per read: the next resource completes, or fails and the stack rolls back. */
        void advance() {
            if (!status.endsWith("_IN_PROGRESS") || status.equals("REVIEW_IN_PROGRESS") || stuck.contains(name)) {
                return;
            }
            if (status.equals("ROLLBACK_IN_PROGRESS") || status.equals("UPDATE_ROLLBACK_IN_PROGRESS")) {
                status = status.replace("_IN_PROGRESS", "_COMPLETE");
                event(name, "AWS::CloudFormation::Stack", status, null);
                return;
            }
            if (queue.isEmpty()) {
                if (operation.equals("DELETE")) {
                    stacks.remove(name);
                    return;
                }
                status = operation + "_COMPLETE";
                applied = pending;
                event(name, "AWS::CloudFormation::Stack", status, null);
                return;
            }
            String logicalId = queue.remove(0);
            String type = (operation.equals("DELETE") ? resources.get(logicalId)
                : pending.path("Resources").path(logicalId).path("Type").asText());
            if (logicalId.equals(failingResources.get(name)) && !operation.equals("DELETE")) {
                event(logicalId, type, operation + "_FAILED", "Resource handler returned message: \"simulated failure\"");
                // A failed create rolls back to ROLLBACK_COMPLETE; a failed update to UPDATE_ROLLBACK_COMPLETE.
                status = operation.equals("CREATE") ? "ROLLBACK_IN_PROGRESS" : "UPDATE_ROLLBACK_IN_PROGRESS";
                reason = "The following resource(s) failed to " + operation.toLowerCase() + ": [" + logicalId + "]";
                event(name, "AWS::CloudFormation::Stack", status, reason);
                queue.clear();
                return;
            }
            if (operation.equals("DELETE")) {
                resources.remove(logicalId);
                tagging.remove(arn(logicalId, type));
                event(logicalId, type, "DELETE_COMPLETE", null);
            } else {
                resources.put(logicalId, type);
                if (pending.path("Resources").path(logicalId).path("Properties").has("Tags")) {
                    tagging.put(arn(logicalId, type), Map.of("app", "multi-docker"));
                }
                event(logicalId, type, operation + "_COMPLETE", null);
            }
        }

        Map<String, Object> describe() {
            Map<String, Object> stack = new LinkedHashMap<>();
            stack.put("StackId", id);
            stack.put("StackName", name);
            stack.put("CreationTime", Instant.now().toString());
            stack.put("StackStatus", status);
            stack.put("StackStatusReason", reason);
            if (status.endsWith("_COMPLETE") && applied != null) {
                List<Map<String, String>> outputs = new ArrayList<>();
                applied.path("Outputs").fields().forEachRemaining(output -> outputs.add(Map.of("OutputKey", output.getKey(),
                    "OutputValue", output.getValue().path("Value").isTextual() ? output.getValue().path("Value").asText()
                        : outputValue(output.getKey()))));
                stack.put("Outputs", outputs);
            }
            return stack;
        }

        List<Map<String, Object>> newestFirst() {
            List<Map<String, Object>> newest = new ArrayList<>(events);
            java.util.Collections.reverse(newest);
            return newest;
        }

        List<Map<String, Object>> resourceList() {
            List<Map<String, Object>> list = new ArrayList<>();
            resources.forEach((logicalId, type) -> list.add(Map.of("StackName", name, "LogicalResourceId", logicalId,
                "ResourceType", type, "ResourceStatus", "CREATE_COMPLETE", "Timestamp", Instant.now().toString())));
            return list;
        }

        private void event(String logicalId, String type, String resourceStatus, String statusReason) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("StackId", id);
            event.put("EventId", UUID.randomUUID().toString());
            event.put("StackName", name);
            event.put("LogicalResourceId", logicalId);
            event.put("ResourceType", type);
            event.put("Timestamp", Instant.now().toString());
            event.put("ResourceStatus", resourceStatus);
            event.put("ResourceStatusReason", statusReason);
            events.add(event);
        }

        private String outputValue(String key) {
            return switch (key) {
                case "Url" -> "http://" + name + ".example.test";
                case "TargetGroupArn" -> "arn:aws:elasticloadbalancing:" + AwsSimulator.REGION + ":" + AwsSimulator.ACCOUNT
                    + ":targetgroup/multi-docker-nginx/0123456789abcdef";
                default -> key.toLowerCase() + ".simulated";
            };
        }

        private String arn(String logicalId, String type) {
            String[] parts = type.split("::");
            return "arn:aws:" + parts[1].toLowerCase() + ":" + AwsSimulator.REGION + ":" + AwsSimulator.ACCOUNT + ":"
                + parts[2].toLowerCase() + "/" + name + "-" + logicalId;
        }
    }
}
