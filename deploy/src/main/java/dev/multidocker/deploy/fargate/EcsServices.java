package dev.multidocker.deploy.fargate;

import dev.multidocker.deploy.cli.Console;
import dev.multidocker.deploy.cli.Stop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.UpdateServiceResponse;

/** The ECS calls of a rollout: read the running task definitions, register new ones, create or update the services. */
final class EcsServices {
    private final EcsClient ecs;
    private final Console console;
    private final String cluster;

    EcsServices(EcsClient ecs, Console console, String cluster) {
        this.ecs = ecs;
        this.console = console;
        this.cluster = cluster;
    }

    /**
     * What runs now. {@code running}: service name → the task definition ARN it runs, which is what a rollback
     * returns to. {@code missing}: services that do not exist yet (or were deleted), which the rollout creates.
     */
    record Current(Map<String, String> running, List<String> missing) {
    }

    Current current(List<String> services) {
        DescribeServicesResponse response = ecs.describeServices(r -> r.cluster(cluster).services(services));
        List<String> missing = new ArrayList<>();
        for (Failure failure : response.failures()) {
            if (!"MISSING".equals(failure.reason())) {
                throw Stop.invalidInput("cluster " + cluster + ": " + failure.arn() + " " + failure.reason() + " " + failure.detail());
            }
            missing.add(failure.arn().substring(failure.arn().lastIndexOf('/') + 1));
        }
        Map<String, String> current = new LinkedHashMap<>();
        for (Service service : response.services()) {
            if ("INACTIVE".equals(service.status())) {
                missing.add(service.serviceName());
                continue;
            }
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
        return new Current(current, missing);
    }

    String register(RegisterTaskDefinitionRequest request) {
        String arn = ecs.registerTaskDefinition(request).taskDefinition().taskDefinitionArn();
        console.progress("registered " + arn);
        return arn;
    }

    TrackedDeployment update(String service, String taskDefinitionArn) {
        UpdateServiceResponse response = ecs.updateService(r -> r.cluster(cluster).service(service).taskDefinition(taskDefinitionArn));
        return primary(response.service(), taskDefinitionArn, "UpdateService");
    }

    /** Creates the service on {@code taskDefinitionArn}, the first deployment of this build's own images. */
    TrackedDeployment create(CreateServiceRequest request, String taskDefinitionArn) {
        Service service = ecs.createService(request.toBuilder().taskDefinition(taskDefinitionArn).build()).service();
        console.progress(service.serviceName() + ": created in cluster " + cluster);
        return primary(service, taskDefinitionArn, "CreateService");
    }

    /** Stops every task of a service this run created: there is no earlier version to return to. */
    void scaleToZero(String service) {
        ecs.updateService(r -> r.cluster(cluster).service(service).desiredCount(0));
        console.progress(service + ": created by this run, scaled to 0 tasks");
    }

    private TrackedDeployment primary(Service service, String taskDefinitionArn, String call) {
        return service.deployments().stream()
            .filter(d -> "PRIMARY".equals(d.status()) && taskDefinitionArn.equals(d.taskDefinition()))
            .findFirst()
            .map(d -> {
                console.progress(service.serviceName() + ": deployment " + d.id() + " started with " + taskDefinitionArn);
                return new TrackedDeployment(service.serviceName(), d.id(), taskDefinitionArn, d.createdAt());
            })
            .orElseThrow(() -> Stop.failed(service.serviceName() + ": " + call + " returned no PRIMARY deployment of " + taskDefinitionArn));
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
