package dev.multidocker.deploy.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ECS services and their deployments. UpdateService starts a deployment whose course is scripted per service
 * ({@link Rollout}); each DescribeServices advances every described service by one step.
 */
public final class EcsSimulation {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the next deployment of a service goes. */
    public enum Rollout {
        /** Tasks start and pass health checks: COMPLETED. */
        COMPLETES,
        /** Tasks keep failing: the circuit breaker marks the deployment FAILED and rolls back to the previous one. */
        CIRCUIT_BREAKER_ROLLS_BACK,
        /** As above, but failure and rollback both happen between two polls: the deployment is simply gone. */
        ROLLED_BACK_BETWEEN_POLLS,
        /** Tasks never become healthy and the circuit breaker never trips. */
        NEVER_FINISHES
    }

    private final Map<String, List<ObjectNode>> taskDefinitions = new LinkedHashMap<>();
    private final Set<String> registeredArns = new HashSet<>();
    private final Map<String, ObjectNode> services = new LinkedHashMap<>();
    private final Map<String, Deque<Rollout>> scripts = new LinkedHashMap<>();
    private final Map<String, Deque<Runnable>> steps = new LinkedHashMap<>();
    private final AtomicInteger ids = new AtomicInteger(1000);

    /** A running service, at revision 1 of {@code family}, steady with one task. */
    public synchronized void addService(String cluster, String name, String family) {
        ObjectNode definition = JSON.createObjectNode().put("family", family);
        String arn = register(definition).path("taskDefinitionArn").asText();
        ObjectNode service = JSON.createObjectNode()
            .put("serviceName", name)
            .put("serviceArn", "arn:aws:ecs:" + AwsSimulator.REGION + ":" + AwsSimulator.ACCOUNT + ":service/" + cluster + "/" + name)
            .put("clusterArn", "arn:aws:ecs:" + AwsSimulator.REGION + ":" + AwsSimulator.ACCOUNT + ":cluster/" + cluster)
            .put("status", "ACTIVE").put("desiredCount", 1).put("runningCount", 1).put("pendingCount", 0)
            .put("launchType", "FARGATE").put("taskDefinition", arn);
        service.putObject("deploymentConfiguration").putObject("deploymentCircuitBreaker").put("enable", true).put("rollback", true);
        ObjectNode deployment = deployment(arn, "PRIMARY", "COMPLETED");
        deployment.put("runningCount", 1);
        service.putArray("deployments").add(deployment);
        service.putArray("events");
        services.put(name, service);
        steps.put(name, new ArrayDeque<>());
    }

    /** The courses of the next deployments of {@code service}, in order; after them deployments complete. */
    public synchronized void script(String service, Rollout... rollouts) {
        scripts.put(service, new ArrayDeque<>(List.of(rollouts)));
    }

    /** The service as ECS describes it now (a copy), or null when there is none. */
    public synchronized ObjectNode service(String name) {
        ObjectNode service = services.get(name);
        return service == null ? null : service.deepCopy();
    }

    public synchronized String taskDefinitionOf(String service) {
        return services.get(service).path("taskDefinition").asText();
    }

    /** Every revision registered for {@code family}, as the registration request carried it. */
    public synchronized List<ObjectNode> registered(String family) {
        return List.copyOf(taskDefinitions.getOrDefault(family, List.of()));
    }

    synchronized Object handle(String action, JsonNode request) {
        return switch (action) {
            case "RegisterTaskDefinition" -> Map.of("taskDefinition", register(((ObjectNode) request).deepCopy()));
            case "DescribeServices" -> describe(request);
            case "UpdateService" -> Map.of("service", update(request));
            case "CreateService" -> Map.of("service", create(request));
            default -> throw new SimulatedError(400, "InvalidAction", action + " is not simulated");
        };
    }

    private ObjectNode register(ObjectNode request) {
        List<ObjectNode> revisions = taskDefinitions.computeIfAbsent(request.path("family").asText(), f -> new ArrayList<>());
        revisions.add(request.deepCopy());
        int revision = revisions.size();
        String arn = "arn:aws:ecs:" + AwsSimulator.REGION + ":" + AwsSimulator.ACCOUNT
            + ":task-definition/" + request.path("family").asText() + ":" + revision;
        registeredArns.add(arn);
        return request.put("taskDefinitionArn", arn)
            .put("revision", revision).put("status", "ACTIVE");
    }

    private Map<String, Object> describe(JsonNode request) {
        List<ObjectNode> found = new ArrayList<>();
        List<Map<String, String>> failures = new ArrayList<>();
        for (JsonNode name : request.path("services")) {
            ObjectNode service = services.get(name.asText());
            if (service == null) {
                failures.add(Map.of("arn", name.asText(), "reason", "MISSING"));
            } else {
                Runnable step = steps.get(name.asText()).poll();
                if (step != null) {
                    step.run();
                }
                found.add(service);
            }
        }
        return Map.of("services", found, "failures", failures);
    }

    /** A new service, keeping what the request asked for, with its first deployment under way. */
    private ObjectNode create(JsonNode request) {
        String name = request.path("serviceName").asText();
        if (services.containsKey(name)) {
            throw new SimulatedError(400, "InvalidParameterException", "Creation of service was not idempotent.");
        }
        String arn = request.path("taskDefinition").asText();
        if (!registeredArns.contains(arn)) {
            throw new SimulatedError(400, "ClientException", "TaskDefinition not found.");
        }
        String cluster = request.path("cluster").asText("default");
        ObjectNode service = ((ObjectNode) request).deepCopy();
        service.remove("cluster");
        service.put("serviceArn", "arn:aws:ecs:" + AwsSimulator.REGION + ":" + AwsSimulator.ACCOUNT + ":service/" + cluster + "/" + name)
            .put("clusterArn", "arn:aws:ecs:" + AwsSimulator.REGION + ":" + AwsSimulator.ACCOUNT + ":cluster/" + cluster)
            .put("status", "ACTIVE").put("desiredCount", request.path("desiredCount").asInt(1))
            .put("runningCount", 0).put("pendingCount", 0);
        ObjectNode deployment = deployment(arn, "PRIMARY", "IN_PROGRESS");
        service.putArray("deployments").add(deployment);
        service.putArray("events");
        services.put(name, service);
        steps.put(name, new ArrayDeque<>());
        Rollout rollout = scripts.getOrDefault(name, new ArrayDeque<>()).isEmpty() ? Rollout.COMPLETES : scripts.get(name).poll();
        plan(service, deployment, arn, rollout);
        return service;
    }

    private ObjectNode update(JsonNode request) {
        String name = request.path("service").asText();
        ObjectNode service = services.get(name);
        if (service == null) {
            throw new SimulatedError(400, "ServiceNotFoundException", "Service not found.");
        }
        if (!request.has("taskDefinition")) {
            service.put("desiredCount", request.path("desiredCount").asInt(service.path("desiredCount").asInt()));
            return service;
        }
        String arn = request.path("taskDefinition").asText();
        if (!registeredArns.contains(arn)) {
            throw new SimulatedError(400, "ClientException", "TaskDefinition not found.");
        }
        String previous = service.path("taskDefinition").asText();
        ArrayNode deployments = service.withArray("deployments");
        deployments.forEach(d -> ((ObjectNode) d).put("status", "ACTIVE"));
        ObjectNode deployment = deployment(arn, "PRIMARY", "IN_PROGRESS");
        deployments.insert(0, deployment);
        service.put("taskDefinition", arn);
        Rollout rollout = scripts.getOrDefault(name, new ArrayDeque<>()).isEmpty() ? Rollout.COMPLETES : scripts.get(name).poll();
        plan(service, deployment, previous, rollout);
        return service;
    }

    private void plan(ObjectNode service, ObjectNode deployment, String previous, Rollout rollout) {
        Deque<Runnable> queue = steps.get(service.path("serviceName").asText());
        queue.clear();
        queue.add(() -> {
            deployment.put("pendingCount", 1);
            event(service, "has started 1 tasks: (task " + UUID.randomUUID().toString().substring(0, 8) + ").");
        });
        switch (rollout) {
            case COMPLETES -> queue.add(() -> {
                deployment.put("pendingCount", 0).put("runningCount", 1).put("rolloutState", "COMPLETED")
                    .put("rolloutStateReason", "ECS deployment " + deployment.path("id").asText() + " completed.");
                keepOnly(service, deployment);
                event(service, "has reached a steady state.");
            });
            case CIRCUIT_BREAKER_ROLLS_BACK -> {
                queue.add(() -> failTask(service, deployment));
                queue.add(() -> breakCircuit(service, deployment, previous));
                queue.add(() -> finishRollback(service));
            }
            case ROLLED_BACK_BETWEEN_POLLS -> queue.add(() -> {
                failTask(service, deployment);
                breakCircuit(service, deployment, previous);
                finishRollback(service);
            });
            case NEVER_FINISHES -> queue.add(() -> event(service, "(task " + UUID.randomUUID().toString().substring(0, 8)
                + ") failed container health checks."));
        }
    }

    private void failTask(ObjectNode service, ObjectNode deployment) {
        deployment.put("pendingCount", 0).put("failedTasks", deployment.path("failedTasks").asInt() + 1);
        service.put("runningCount", 0);
        event(service, "(task " + UUID.randomUUID().toString().substring(0, 8) + ") failed container health checks.");
    }

    private void breakCircuit(ObjectNode service, ObjectNode deployment, String previous) {
        deployment.put("status", "ACTIVE").put("rolloutState", "FAILED")
            .put("rolloutStateReason", "ECS deployment circuit breaker: tasks failed to start.");
        ObjectNode rollback = deployment(previous, "PRIMARY", "IN_PROGRESS");
        service.withArray("deployments").insert(0, rollback);
        service.put("taskDefinition", previous);
        event(service, "(deployment " + deployment.path("id").asText() + ") deployment failed: tasks failed to start.");
        event(service, "rolling back to deployment " + rollback.path("id").asText() + ".");
    }

    private void finishRollback(ObjectNode service) {
        ObjectNode primary = (ObjectNode) service.withArray("deployments").get(0);
        primary.put("runningCount", 1).put("rolloutState", "COMPLETED");
        keepOnly(service, primary);
        service.put("runningCount", 1);
        event(service, "has reached a steady state.");
    }

    private static void keepOnly(ObjectNode service, ObjectNode deployment) {
        service.putArray("deployments").add(deployment);
        service.put("runningCount", deployment.path("runningCount").asInt());
    }

    private ObjectNode deployment(String taskDefinition, String status, String rolloutState) {
        ObjectNode deployment = JSON.createObjectNode()
            .put("id", "ecs-svc/" + ids.incrementAndGet())
            .put("status", status).put("taskDefinition", taskDefinition)
            .put("desiredCount", 1).put("pendingCount", 0).put("runningCount", 0).put("failedTasks", 0)
            .put("rolloutState", rolloutState)
            .put("createdAt", now()).put("updatedAt", now()).put("launchType", "FARGATE");
        return deployment;
    }

    private void event(ObjectNode service, String message) {
        ((ArrayNode) service.withArray("events")).insert(0, JSON.createObjectNode()
            .put("id", UUID.randomUUID().toString()).put("createdAt", now())
            .put("message", "(service " + service.path("serviceName").asText() + ") " + message));
    }

    /** ECS JSON timestamps are epoch seconds with a fraction. */
    private static double now() {
        return Instant.now().toEpochMilli() / 1000.0;
    }
}
