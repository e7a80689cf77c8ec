package dev.multidocker.deploy.fargate;

import dev.multidocker.deploy.cli.Console;
import dev.multidocker.deploy.cli.Deadline;
import dev.multidocker.deploy.cli.Stop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;

/**
 * Follows deployments by id until each is COMPLETED. Unlike the services-stable waiter, which is satisfied by
 * a service that the circuit breaker rolled back (even at 0/0 tasks), a deployment that FAILED, or that is
 * gone because another deployment replaced it, is a failure here.
 */
final class DeploymentWatch {
    private final EcsClient ecs;
    private final Console console;
    private final String cluster;
    private final Duration pollInterval;
    private final Set<String> seenEvents = new HashSet<>();
    private final Map<String, String> lastStatus = new HashMap<>();

    DeploymentWatch(EcsClient ecs, Console console, String cluster, Duration pollInterval) {
        this.ecs = ecs;
        this.console = console;
        this.cluster = cluster;
        this.pollInterval = pollInterval;
    }

    void untilCompleted(List<TrackedDeployment> deployments, Deadline deadline) {
        Map<String, TrackedDeployment> pending = new LinkedHashMap<>();
        deployments.forEach(d -> pending.put(d.service(), d));
        while (!pending.isEmpty()) {
            List<Service> services = ecs.describeServices(r -> r.cluster(cluster).services(pending.keySet())).services();
            for (Service service : services) {
                TrackedDeployment tracked = pending.get(service.serviceName());
                showEvents(service, tracked.createdAt());
                if (completed(service, tracked)) {
                    pending.remove(service.serviceName());
                }
            }
            if (!pending.isEmpty()) {
                deadline.pause(pollInterval, "deployments " + pending.values().stream()
                    .map(d -> d.service() + " " + d.deploymentId()).toList() + " to complete");
            }
        }
    }

    private boolean completed(Service service, TrackedDeployment tracked) {
        String name = service.serviceName();
        Optional<Deployment> found = service.deployments().stream().filter(d -> d.id().equals(tracked.deploymentId())).findFirst();
        if (found.isEmpty()) {
            String primary = service.deployments().stream().filter(d -> "PRIMARY".equals(d.status()))
                .map(d -> d.id() + " (task definition " + d.taskDefinition() + ")").findFirst().orElse("none");
            throw Stop.failed(name + ": deployment " + tracked.deploymentId() + " was replaced by deployment " + primary
                + ": rolled back, " + service.runningCount() + "/" + service.desiredCount() + " tasks running");
        }
        Deployment deployment = found.get();
        String status = deployment.runningCount() + "/" + deployment.desiredCount() + " running, "
            + deployment.pendingCount() + " pending, " + deployment.failedTasks() + " failed (" + deployment.rolloutStateAsString() + ")";
        if (!status.equals(lastStatus.put(tracked.deploymentId(), status))) {
            console.progress(name + ": " + tracked.deploymentId() + " " + status);
        }
        if (deployment.rolloutState() == DeploymentRolloutState.FAILED) {
            throw Stop.failed(name + ": deployment " + tracked.deploymentId() + " FAILED: " + deployment.rolloutStateReason());
        }
        if (deployment.rolloutState() != DeploymentRolloutState.COMPLETED) {
            return false;
        }
        if (deployment.desiredCount() == 0) {
            throw Stop.failed(name + ": deployment completed with a desired count of 0: no task runs the new version");
        }
        console.progress(name + ": deployment " + tracked.deploymentId() + " COMPLETED, " + deployment.runningCount() + " task(s) running");
        return true;
    }

    private void showEvents(Service service, Instant since) {
        // ECS lists events newest first; reversing before the stable sort keeps their order within one instant.
        List<ServiceEvent> oldestFirst = new ArrayList<>(service.events());
        Collections.reverse(oldestFirst);
        oldestFirst.stream()
            .filter(e -> !e.createdAt().isBefore(since) && seenEvents.add(e.id()))
            .sorted(Comparator.comparing(ServiceEvent::createdAt))
            .forEach(e -> console.event(e.message()));
    }
}
