package dev.multidocker.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.CloudMapNamespaceOptions;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.ExecuteCommandConfiguration;
import software.amazon.awscdk.services.ecs.ExecuteCommandLogConfiguration;
import software.amazon.awscdk.services.ecs.ExecuteCommandLogging;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.ServiceConnectProps;
import software.amazon.awscdk.services.ecs.ServiceConnectService;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.servicediscovery.NamespaceType;
import software.constructs.Construct;

/**
 * The course's Fargate module as one stack: the cluster with Container Insights and the Service Connect
 * namespace, the ALB in front of the router, and the four services of aws/ecs/services.json running the
 * task definitions of aws/ecs, with the roles CDK's grants give them and nothing more.
 */
public final class FargateStack extends Stack {
    static final int API_TARGET_CPU_PERCENT = 60;
    private static final String ROUTER = "nginx";
    private static final String WORKER = "worker";
    private static final String API = "api";

    public FargateStack(Construct scope, String id, StackProps props, DataStack data, Settings settings) {
        super(scope, id, props);
        ProjectFiles files = settings.files();
        JsonNode servicesFile = files.services();
        String clusterName = servicesFile.path("cluster").asText();
        String namespace = servicesFile.path("services").path(0).path("serviceConnectConfiguration").path("namespace").asText();

        LogGroup logs = LogGroup.Builder.create(this, "Logs")
            .logGroupName(files.taskDefinition(API).path("containerDefinitions").path(0)
                .path("logConfiguration").path("options").path("awslogs-group").asText())
            .retention(RetentionDays.TWO_WEEKS)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();

        Cluster cluster = Cluster.Builder.create(this, "Cluster")
            .clusterName(clusterName)
            .vpc(data.vpc())
            .containerInsightsV2(ContainerInsights.ENABLED)
            .enableFargateCapacityProviders(true)
            // ECS Exec sessions are logged to the app's group, so the task role's log rights stay scoped to it.
            .executeCommandConfiguration(ExecuteCommandConfiguration.builder()
                .logging(ExecuteCommandLogging.OVERRIDE)
                .logConfiguration(ExecuteCommandLogConfiguration.builder().cloudWatchLogGroup(logs).build())
                .build())
            .defaultCloudMapNamespace(CloudMapNamespaceOptions.builder()
                .name(namespace).type(NamespaceType.HTTP).useForServiceConnect(true).build())
            .build();

        TaskRoles roles = new TaskRoles(this, files);
        // The files ask the awslogs driver to create the group if missing ("awslogs-create-group"); on a
        // revision the rollout registers from them, the driver's CreateLogGroup must not be refused.
        roles.execution().addToPrincipalPolicy(PolicyStatement.Builder.create()
            .actions(List.of("logs:CreateLogGroup")).resources(List.of(logs.getLogGroupArn())).build());

        ISecurityGroup app = SecurityGroup.fromSecurityGroupId(this, "AppSecurityGroup",
            data.appSecurityGroup().getSecurityGroupId());
        SubnetSelection publicSubnets = SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build();

        SecurityGroup albGroup = SecurityGroup.Builder.create(this, "LoadBalancerSecurityGroup").vpc(data.vpc())
            .description("multi-docker load balancer: HTTP from anywhere").allowAllOutbound(false).build();
        albGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(80), "the app's public URL");
        NagReasons.suppress(albGroup, Map.of("AwsSolutions-EC23",
            "The app's public URL: HTTP on 80 from anywhere is what the load balancer is for."));
        ApplicationLoadBalancer alb = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
            .loadBalancerName(servicesFile.path("loadBalancerName").asText())
            .vpc(data.vpc()).vpcSubnets(publicSubnets).internetFacing(true).securityGroup(albGroup)
            .build();
        NagReasons.suppress(alb, Map.of("AwsSolutions-ELB2", "Access logs need an S3 bucket that `stack down`"
            + " would have to empty first; the load balancer's CloudWatch metrics and Container Insights cover a"
            + " course target."));
        int routerPort = files.taskDefinition(ROUTER).path("containerDefinitions").path(0)
            .path("portMappings").path(0).path("containerPort").asInt();
        ApplicationTargetGroup routerTargets = ApplicationTargetGroup.Builder.create(this, "RouterTargets")
            .targetGroupName("multi-docker-nginx")
            .vpc(data.vpc()).targetType(TargetType.IP)
            .protocol(ApplicationProtocol.HTTP).port(routerPort)
            .healthCheck(software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck.builder()
                .path("/").healthyHttpCodes("200").interval(Duration.seconds(15)).build())
            .deregistrationDelay(Duration.seconds(30))
            .build();
        ApplicationListener listener = alb.addListener("Http", software.amazon.awscdk.services.elasticloadbalancingv2
            .BaseApplicationListenerProps.builder().port(80).protocol(ApplicationProtocol.HTTP).open(false)
            .defaultTargetGroups(List.of(routerTargets)).build());

        CollectorSidecar collector = new CollectorSidecar(this, files, roles.task());

        Map<String, String> variables = new HashMap<>(data.clientVariables());
        variables.put("AWS_REGION", Aws.REGION);
        Map<String, FargateService> services = new HashMap<>();
        for (JsonNode definition : servicesFile.path("services")) {
            String name = definition.path("serviceName").asText();
            FargateTaskDefinition task = taskDefinition(files.taskDefinition(name), roles, logs, variables, settings);
            // The collector's configuration must exist before a task of the family starts.
            task.getNode().addDependency(collector.config());
            services.put(name, service(cluster, task, definition, app, publicSubnets));
        }
        NagReasons.suppress(roles.task().getNode().findChild("DefaultPolicy"), Map.of("AwsSolutions-IAM5",
            "ECS Exec's ssmmessages channel actions, its logs:DescribeLogGroups and the collector's"
                + " xray:PutTraceSegments and xray:PutTelemetryRecords take no resource ARN (Service Authorization Reference);"
                + " the session log rights are scoped to the app's log group."));
        routerTargets.addTarget(services.get(ROUTER).loadBalancerTarget(LoadBalancerTargetOptions.builder()
            .containerName(ROUTER).containerPort(routerPort).build()));
        listener.getNode().addDependency(routerTargets);
        // Service Connect: the router reaches api:5000 and client:3000 inside the app's own group.
        for (JsonNode definition : servicesFile.path("services")) {
            for (JsonNode alias : definition.path("serviceConnectConfiguration").path("services")) {
                int port = alias.path("clientAliases").path(0).path("port").asInt();
                app.addIngressRule(app, Port.tcp(port), "Service Connect to " + alias.path("discoveryName").asText());
            }
        }

        int apiDesired = 0;
        for (JsonNode definition : servicesFile.path("services")) {
            if (definition.path("serviceName").asText().equals(API)) {
                apiDesired = definition.path("desiredCount").asInt();
            }
        }
        ConnectionBudget budget = new ConnectionBudget("db." + DataStack.DATABASE_CLASS, settings.apiMaxTasks(),
            files.apiPoolSize());
        budget.check();
        services.get(API).autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(apiDesired).maxCapacity(settings.apiMaxTasks()).build())
            .scaleOnCpuUtilization("Cpu", CpuUtilizationScalingProps.builder()
                .targetUtilizationPercent(API_TARGET_CPU_PERCENT)
                .scaleInCooldown(Duration.minutes(5)).scaleOutCooldown(Duration.minutes(1)).build());

        CfnOutput.Builder.create(this, "Url").value("http://" + alb.getLoadBalancerDnsName()).build();
        CfnOutput.Builder.create(this, "ClusterName").value(cluster.getClusterName()).build();
        CfnOutput.Builder.create(this, "LoadBalancerName").value(alb.getLoadBalancerName()).build();
        CfnOutput.Builder.create(this, "TargetGroupArn").value(routerTargets.getTargetGroupArn()).build();
    }

    private FargateTaskDefinition taskDefinition(JsonNode file, TaskRoles roles, LogGroup logs,
                                                 Map<String, String> variables, Settings settings) {
        String family = file.path("family").asText();
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, family)
            .family(family)
            .cpu(file.path("cpu").asInt())
            .memoryLimitMiB(file.path("memory").asInt())
            .runtimePlatform(RuntimePlatform.builder()
                .operatingSystemFamily(OperatingSystemFamily.of(file.path("runtimePlatform").path("operatingSystemFamily").asText()))
                .cpuArchitecture(CpuArchitecture.of(file.path("runtimePlatform").path("cpuArchitecture").asText()))
                .build())
            .executionRole(roles.execution())
            .taskRole(roles.task())
            .build();
        for (JsonNode definition : file.path("containerDefinitions")) {
            ContainerFromFile.Container container = ContainerFromFile.read(this, definition, variables, logs, settings);
            DataStack.checkClient(container.name(), container.environment(), container.secrets());
            task.addContainer(container.name(), container.options());
        }
        NagReasons.suppress(task, Map.of("AwsSolutions-ECS2", "The environment carries only non-secret settings"
            + " under the course's names (hosts, ports, TLS switches); the passwords are Parameter Store secrets."));
        return task;
    }

    private FargateService service(Cluster cluster, FargateTaskDefinition task, JsonNode definition,
                                   ISecurityGroup app, SubnetSelection subnets) {
        String name = definition.path("serviceName").asText();
        JsonNode deployment = definition.path("deploymentConfiguration");
        JsonNode breaker = deployment.path("deploymentCircuitBreaker");
        JsonNode connect = definition.path("serviceConnectConfiguration");
        FargateService.Builder service = FargateService.Builder.create(this, name + "Service")
            .serviceName(name)
            .cluster(cluster)
            .taskDefinition(task)
            .desiredCount(definition.path("desiredCount").asInt())
            .circuitBreaker(DeploymentCircuitBreaker.builder()
                .enable(breaker.path("enable").asBoolean()).rollback(breaker.path("rollback").asBoolean()).build())
            .minHealthyPercent(deployment.path("minimumHealthyPercent").asInt())
            .maxHealthyPercent(deployment.path("maximumPercent").asInt())
            .assignPublicIp("ENABLED".equals(definition.path("networkConfiguration").path("awsvpcConfiguration")
                .path("assignPublicIp").asText()))
            .vpcSubnets(subnets)
            .securityGroups(List.of(app))
            .enableExecuteCommand(true)
            .serviceConnectConfiguration(ServiceConnectProps.builder()
                .namespace(connect.path("namespace").asText())
                .services(connect.path("services").findParents("portName").stream()
                    .map(published -> ServiceConnectService.builder()
                        .portMappingName(published.path("portName").asText())
                        .discoveryName(published.path("discoveryName").asText())
                        .dnsName(published.path("clientAliases").path(0).path("dnsName").asText())
                        .port(published.path("clientAliases").path(0).path("port").asInt())
                        .build())
                    .toList())
                .build());
        if (definition.has("healthCheckGracePeriodSeconds")) {
            service.healthCheckGracePeriod(Duration.seconds(definition.path("healthCheckGracePeriodSeconds").asInt()));
        }
        if (name.equals(WORKER)) {
            // The worker may be interrupted: it recomputes every pending value at start-up and in its
            // sweep (docs/contract.md), so Spot's two-minute notice loses no work.
            service.capacityProviderStrategies(List.of(
                CapacityProviderStrategy.builder().capacityProvider("FARGATE_SPOT").weight(1).build(),
                CapacityProviderStrategy.builder().capacityProvider("FARGATE").weight(0).build()));
        }
        FargateService built = service.build();
        built.getNode().addDependency(cluster.getDefaultCloudMapNamespace());
        return built;
    }
}
