package dev.multidocker.deploy.fargate;

import dev.multidocker.deploy.cli.Console;
import dev.multidocker.deploy.cli.Stop;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.UpdateServiceResponse;

/** The ECS calls of a rollout: read the running task definitions, register new ones, start deployments. */
final class EcsServices {
    private final EcsClient ecs;
    private final Console console;
    private final String cluster;

    EcsServices(EcsClient ecs, Console console, String cluster) {
        this.ecs = ecs;
        this.console = console;
        this.cluster = cluster;
    }

    /** Service name → the task definition ARN it runs now, which is what a rollback returns to. */
    Map<String, String> currentTaskDefinitions(List<String> services) {
        DescribeServicesResponse response = ecs.describeServices(r -> r.cluster(cluster).services(services));
        if (!response.failures().isEmpty()) {
            throw Stop.invalidInput("cluster " + cluster + ": " + response.failures().stream()
                .map(f -> f.arn() + " " + f.reason()).toList() + "; create the services first (aws/README.md)");
        }
        Map<String, String> current = new LinkedHashMap<>();
        for (Service service : response.services()) {
            if (!"ACTIVE".equals(service.status())) {
                throw Stop.invalidInput(service.serviceName() + ": service is " + service.status() + ", not ACTIVE");
            }
            DeploymentCircuitBreaker breaker = service.deploymentConfiguration() == null ? null
                : service.deploymentConfiguration().deploymentCircuitBreaker();
            if (breaker == null || !Boolean.TRUE.equals(breaker.enable())) {
                console.progress(service.serviceName() + ": warning: the deployment circuit breaker is off, so a broken"
                    + " version only shows up as a deployment that never completes");
            }
            current.put(service.serviceName(), service.taskDefinition());
        }
        return current;
    }

    String register(RegisterTaskDefinitionRequest request) {
        String arn = ecs.registerTaskDefinition(request).taskDefinition().taskDefinitionArn();
        console.progress("registered " + arn);
        return arn;
    }

    TrackedDeployment update(String service, String taskDefinitionArn) {
        UpdateServiceResponse response = ecs.updateService(r -> r.cluster(cluster).service(service).taskDefinition(taskDefinitionArn));
        return response.service().deployments().stream()
            .filter(d -> "PRIMARY".equals(d.status()) && taskDefinitionArn.equals(d.taskDefinition()))
            .findFirst()
            .map(d -> {
                console.progress(service + ": deployment " + d.id() + " started with " + taskDefinitionArn);
                return new TrackedDeployment(service, d.id(), taskDefinitionArn, d.createdAt());
            })
            .orElseThrow(() -> Stop.failed(service + ": UpdateService returned no PRIMARY deployment of " + taskDefinitionArn));
    }

    /** The deployment of {@code taskDefinitionArn} that is PRIMARY now, if any (the circuit breaker's own rollback). */
    java.util.Optional<TrackedDeployment> primaryOf(String service, String taskDefinitionArn) {
        return ecs.describeServices(r -> r.cluster(cluster).services(service)).services().stream()
            .flatMap(s -> s.deployments().stream())
            .filter(d -> "PRIMARY".equals(d.status()) && taskDefinitionArn.equals(d.taskDefinition()))
            .findFirst()
            .map(d -> new TrackedDeployment(service, d.id(), taskDefinitionArn, d.createdAt()));
    }
}
