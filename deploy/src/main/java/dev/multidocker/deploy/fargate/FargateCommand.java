package dev.multidocker.deploy.fargate;

import dev.multidocker.deploy.aws.AwsClients;
import dev.multidocker.deploy.cli.CliCommand;
import dev.multidocker.deploy.cli.Console;
import dev.multidocker.deploy.cli.Deadline;
import dev.multidocker.deploy.cli.Stop;
import dev.multidocker.deploy.rollout.RolloutOptions;
import dev.multidocker.deploy.validate.Finding;
import dev.multidocker.deploy.validate.ProjectValidator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

@Command(name = "fargate", mixinStandardHelpOptions = true,
    description = "Registers the task definitions of aws/ecs with this build's images, updates the ECS services (creating"
        + " those that do not exist yet from the services file) and"
        + " follows each deployment by id: COMPLETED is success; FAILED or rolled back by the circuit breaker is"
        + " failure. Then checks health through the load balancer.")
public final class FargateCommand extends CliCommand {
    @Option(names = "--services", defaultValue = "aws/ecs/services.json",
        description = "Services file; task definition files sit beside it (default: ${DEFAULT-VALUE}).")
    private Path servicesFile;

    @Option(names = "--service", description = "Deploy only these services (repeatable; default: all in the services file).")
    private List<String> onlyServices = new ArrayList<>();

    @Option(names = "--cluster", description = "ECS cluster (default: \"cluster\" of the services file).")
    private String cluster;

    @Option(names = "--tag", required = true, description = "Image tag to deploy, e.g. the git SHA CI pushed.")
    private String tag;

    @Option(names = "--var", description = "Value for a $${NAME} placeholder of the files, e.g. --var ACCOUNT_ID=123456789012 (AWS_REGION is set from the region).")
    private Map<String, String> variables = new LinkedHashMap<>();

    @Option(names = "--timeout", defaultValue = "30m", description = "Overall limit (default: ${DEFAULT-VALUE}); exit code 3 when it passes.")
    private Duration timeout;

    @Mixin
    private RolloutOptions rollout;

    @Override
    protected String run(Console console) {
        Deadline deadline = Deadline.after(timeout);
        ServicesFile file = ServicesFile.read(servicesFile);
        List<ServicesFile.ServiceSpec> services = selected(file);
        String clusterName = cluster != null ? cluster : file.cluster();
        checkFiles(services, console);
        AwsClients clients = new AwsClients(rollout.aws());
        Map<String, String> values = new LinkedHashMap<>(variables);
        values.putIfAbsent("AWS_REGION", rollout.aws().region().id());
        TaskDefinitionRenderer renderer = new TaskDefinitionRenderer(values,
            rollout.images(Optional.of(tag)), new SecretResolver(clients.ssm()));
        Map<String, RegisterTaskDefinitionRequest> requests = new LinkedHashMap<>();
        for (ServicesFile.ServiceSpec service : services) {
            requests.put(service.serviceName(), EcsRequests.registerTaskDefinition(renderer.render(service.taskDefinitionFile()),
                service.taskDefinitionFile().toString()));
        }
        try (EcsClient ecs = clients.ecs()) {
            EcsServices ecsServices = new EcsServices(ecs, console, clusterName);
            EcsServices.Current current = ecsServices.current(List.copyOf(requests.keySet()));
            Map<String, String> previous = current.running();
            console.detail("previousTaskDefinitions", previous);
            // A service is first created here, on this build's images, never by hand on the files' placeholder images.
            Map<String, CreateServiceRequest> creations = new LinkedHashMap<>();
            for (String service : current.missing()) {
                creations.put(service, EcsRequests.createService(file.entry(service, values), clusterName, file.file().toString()));
            }
            if (!creations.isEmpty()) {
                console.progress("services to create: " + creations.keySet());
            }
            Map<String, String> registered = new LinkedHashMap<>();
            requests.forEach((service, request) -> registered.put(service, ecsServices.register(request)));
            console.detail("taskDefinitions", registered);
            List<TrackedDeployment> deployments = new ArrayList<>();
            registered.forEach((service, arn) -> deployments.add(creations.containsKey(service)
                ? ecsServices.create(creations.get(service), arn) : ecsServices.update(service, arn)));
            console.detail("deployments", deployments.stream().collect(
                LinkedHashMap::new, (m, d) -> m.put(d.service(), d.deploymentId()), Map::putAll));
            DeploymentWatch watch = new DeploymentWatch(ecs, console, clusterName, rollout.pollInterval());
            return rollout.withRollback(console, () -> {
                watch.untilCompleted(deployments, deadline);
                console.progress("all " + deployments.size() + " deployment(s) COMPLETED");
                return deployments.size() + " service(s) deployed"
                    + rollout.verifyHealth(console, () -> LoadBalancerUrl.of(clients, file, console), deadline);
            }, rollbackDeadline -> rollBack(console, ecsServices, watch, previous, creations.keySet(), rollbackDeadline));
        }
    }

    private List<ServicesFile.ServiceSpec> selected(ServicesFile file) {
        List<ServicesFile.ServiceSpec> services = file.services().stream()
            .filter(s -> onlyServices.isEmpty() || onlyServices.contains(s.serviceName())).toList();
        List<String> unknown = onlyServices.stream()
            .filter(name -> file.services().stream().noneMatch(s -> s.serviceName().equals(name))).toList();
        if (!unknown.isEmpty() || services.isEmpty()) {
            throw Stop.invalidInput("--service " + unknown + " not in " + servicesFile + " "
                + file.services().stream().map(ServicesFile.ServiceSpec::serviceName).toList());
        }
        return services;
    }

    private static void checkFiles(List<ServicesFile.ServiceSpec> services, Console console) {
        long errors = 0;
        for (ServicesFile.ServiceSpec service : services) {
            for (Finding finding : ProjectValidator.validateTaskDefinition(service.taskDefinitionFile())) {
                console.finding(finding);
                errors += finding.severity() == Finding.Severity.ERROR ? 1 : 0;
            }
        }
        if (errors > 0) {
            throw Stop.invalidInput(errors + " error(s) in the task definitions; nothing was deployed");
        }
    }

    private static String rollBack(Console console, EcsServices ecsServices, DeploymentWatch watch,
                                   Map<String, String> previous, Set<String> created, Deadline deadline) {
        console.progress("rolling back to the previous task definitions");
        created.forEach(ecsServices::scaleToZero);
        List<TrackedDeployment> rollbacks = new ArrayList<>();
        previous.forEach((service, arn) -> rollbacks.add(ecsServices.primaryOf(service, arn)
            .map(d -> {
                console.progress(service + ": already rolling back to " + arn + " (deployment " + d.deploymentId() + ")");
                return d;
            })
            .orElseGet(() -> ecsServices.update(service, arn))));
        watch.untilCompleted(rollbacks, deadline);
        return "services run " + previous.values() + (created.isEmpty() ? "" : "; created services " + created + " run no task");
    }
}
