package dev.multidocker.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** The data, fargate and ci templates as synthesized for a student's account, against what the course target needs. */
class FargateStackTest {
    private static final String DATA = Target.DATA_STACK;
    private static final String FARGATE = Target.FARGATE.stackName();
    private static final ProjectFiles FILES = SynthFixture.settings().files();
    private static Templates templates;

    @BeforeAll
    static void synthesize() {
        templates = new Templates(Stacks.of(Target.FARGATE, SynthFixture.settings(), SynthFixture.outputDirectory()));
    }

    @Test
    void theStoresAdmitOnlyTheAppsGroupOnTheirTwoPorts() {
        List<JsonNode> ingress = templates.resources(DATA, "AWS::EC2::SecurityGroupIngress");
        Set<Integer> ports = new HashSet<>();
        for (JsonNode rule : ingress) {
            assertThat(rule.path("SourceSecurityGroupId").path("Fn::GetAtt").path(0).asText()).as(rule.toString())
                .isEqualTo("AppSecurityGroupC396D536");
            assertThat(rule.path("ToPort").asInt()).isEqualTo(rule.path("FromPort").asInt());
            ports.add(rule.path("FromPort").asInt());
        }
        assertThat(ports).containsExactlyInAnyOrder(5432, 6379);
        assertThat(ingress).hasSize(2);
        for (JsonNode group : templates.resources(DATA, "AWS::EC2::SecurityGroup")) {
            assertThat(group.path("SecurityGroupIngress").isMissingNode()).as("no inline ingress: " + group).isTrue();
        }
    }

    @Test
    void postgresForcesSslAndEncryptsItsStorageWithThePasswordOnlyNamed() {
        templates.of(DATA).hasResourceProperties("AWS::RDS::DBInstance", Map.of(
            "Engine", "postgres",
            "StorageEncrypted", true,
            "PubliclyAccessible", false,
            "DBName", "fibvalues",
            "MasterUsername", "postgres",
            "MasterUserPassword", "{{resolve:ssm-secure:/multi-docker/PGPASSWORD}}"));
        templates.of(DATA).hasResourceProperties("AWS::RDS::DBParameterGroup",
            Map.of("Parameters", Map.of("rds.force_ssl", "1")));
    }

    @Test
    void redisRequiresTlsAndAuthWithTheTokenOnlyNamed() {
        templates.of(DATA).hasResourceProperties("AWS::ElastiCache::ReplicationGroup", Map.of(
            "TransitEncryptionEnabled", true,
            "TransitEncryptionMode", "required",
            "AtRestEncryptionEnabled", true,
            "AuthToken", "{{resolve:ssm-secure:/multi-docker/REDIS_PASSWORD}}"));
    }

    @Test
    void noOutputCarriesASecret() {
        for (String stack : List.of(DATA, FARGATE, Target.CI_STACK)) {
            String outputs = templates.json(stack).path("Outputs").toString();
            assertThat(outputs).as(stack + " outputs").doesNotContain("resolve:", "PASSWORD");
        }
    }

    @Test
    void theClusterHasContainerInsightsServiceConnectAndSpot() {
        templates.of(FARGATE).hasResourceProperties("AWS::ECS::Cluster", Map.of(
            "ClusterName", "multi-docker",
            "ClusterSettings", List.of(Map.of("Name", "containerInsights", "Value", "enabled"))));
        templates.of(FARGATE).hasResourceProperties("AWS::ServiceDiscovery::HttpNamespace", Map.of("Name", "multi-docker"));
        templates.of(FARGATE).hasResourceProperties("AWS::ECS::ClusterCapacityProviderAssociations",
            Map.of("CapacityProviders", Match.arrayWith(List.of("FARGATE", "FARGATE_SPOT"))));
    }

    @Test
    void theLoadBalancerForwardsPort80ToTheRoutersPortOnIpTargets() {
        int routerPort = FILES.taskDefinition("nginx").path("containerDefinitions").path(0).path("portMappings").path(0)
            .path("containerPort").asInt();
        templates.of(FARGATE).hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer",
            Map.of("Name", "multi-docker", "Scheme", "internet-facing", "Type", "application"));
        templates.of(FARGATE).hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener",
            Map.of("Port", 80, "Protocol", "HTTP", "DefaultActions", List.of(Match.objectLike(Map.of("Type", "forward")))));
        templates.of(FARGATE).hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup",
            Map.of("TargetType", "ip", "Port", routerPort, "Protocol", "HTTP", "Name", "multi-docker-nginx"));
        templates.of(FARGATE).hasResourceProperties("AWS::ECS::Service", Map.of("ServiceName", "nginx",
            "LoadBalancers", List.of(Map.of("ContainerName", "nginx", "ContainerPort", routerPort,
                "TargetGroupArn", Match.anyValue()))));
        // Only the load balancer reaches the router's port from outside the app's group.
        templates.of(FARGATE).hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
            "FromPort", routerPort, "ToPort", routerPort,
            "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of("LoadBalancerSecurityGroup3036A0FC", "GroupId"))));
    }

    @Test
    void everyServiceRollsBackOnTheCircuitBreakerAndTheWorkerMayRunOnSpot() {
        List<JsonNode> services = templates.resources(FARGATE, "AWS::ECS::Service");
        assertThat(services).hasSize(4);
        for (JsonNode service : services) {
            JsonNode breaker = service.path("DeploymentConfiguration").path("DeploymentCircuitBreaker");
            assertThat(breaker.path("Enable").asBoolean()).as(service.toString()).isTrue();
            assertThat(breaker.path("Rollback").asBoolean()).as(service.toString()).isTrue();
            assertThat(service.path("EnableExecuteCommand").asBoolean()).isTrue();
            assertThat(service.path("ServiceConnectConfiguration").path("Enabled").asBoolean()).isTrue();
        }
        templates.of(FARGATE).hasResourceProperties("AWS::ECS::Service", Map.of("ServiceName", "worker",
            "CapacityProviderStrategy", Match.arrayWith(List.of(Map.of("CapacityProvider", "FARGATE_SPOT", "Weight", 1)))));
        templates.of(FARGATE).hasResourceProperties("AWS::ECS::Service", Map.of("ServiceName", "api",
            "ServiceConnectConfiguration", Match.objectLike(Map.of("Services", List.of(Match.objectLike(Map.of(
                "PortName", "api", "ClientAliases", List.of(Map.of("DnsName", "api", "Port", 5000)))))))));
    }

    @Test
    void theApiScalesOnCpuUpToItsConnectionBudget() {
        templates.of(FARGATE).hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget",
            Map.of("MaxCapacity", Settings.DEFAULT_API_MAX_TASKS, "MinCapacity", 1, "ScalableDimension", "ecs:service:DesiredCount"));
        templates.of(FARGATE).hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of(
            "PolicyType", "TargetTrackingScaling",
            "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of(
                "TargetValue", FargateStack.API_TARGET_CPU_PERCENT,
                "PredefinedMetricSpecification", Map.of("PredefinedMetricType", "ECSServiceAverageCPUUtilization")))));
    }

    @Test
    void logsAreKeptTwoWeeksInTheGroupTheFilesName() {
        templates.of(FARGATE).hasResourceProperties("AWS::Logs::LogGroup",
            Map.of("LogGroupName", "/ecs/multi-docker", "RetentionInDays", 14));
    }

    @Test
    void eachTaskDefinitionRunsTheFilesContainersOnTheStudentsImages() {
        for (String service : List.of("api", "worker", "client", "nginx")) {
            JsonNode file = FILES.taskDefinition(service);
            JsonNode fileContainer = file.path("containerDefinitions").path(0);
            JsonNode task = templates.resources(FARGATE, "AWS::ECS::TaskDefinition").stream()
                .filter(t -> t.path("Family").asText().equals(file.path("family").asText())).findFirst().orElseThrow();
            JsonNode container = task.path("ContainerDefinitions").path(0);
            assertThat(task.path("Cpu").asText()).isEqualTo(file.path("cpu").asText());
            assertThat(task.path("Memory").asText()).isEqualTo(file.path("memory").asText());
            assertThat(container.path("HealthCheck").path("Command")).isEqualTo(fileContainer.path("healthCheck").path("command"));
            assertThat(names(container.path("Environment"), "Name")).isEqualTo(names(fileContainer.path("environment"), "name"));
            assertThat(names(container.path("Secrets"), "Name")).isEqualTo(names(fileContainer.path("secrets"), "name"));
            assertThat(container.path("Image").asText()).startsWith(SynthFixture.REGISTRY + "/multi-");
            assertThat(container.path("Image").asText()).endsWith(":" + SynthFixture.TAG);
        }
    }

    @Test
    void theServicesAreToldTheTlsTheDataTierDemands() {
        JsonNode redis = templates.resources(DATA, "AWS::ElastiCache::ReplicationGroup").get(0);
        JsonNode parameters = templates.resources(DATA, "AWS::RDS::DBParameterGroup").get(0).path("Parameters");
        int storeClients = 0;
        for (JsonNode task : templates.resources(FARGATE, "AWS::ECS::TaskDefinition")) {
            for (JsonNode container : task.path("ContainerDefinitions")) {
                Map<String, String> environment = new java.util.HashMap<>();
                container.path("Environment").forEach(v -> environment.put(v.path("Name").asText(), v.path("Value").asText()));
                Set<String> secrets = names(container.path("Secrets"), "Name");
                if (environment.containsKey("REDIS_HOST")) {
                    storeClients++;
                    assertThat(Boolean.parseBoolean(environment.get("REDIS_TLS")))
                        .isEqualTo(redis.path("TransitEncryptionEnabled").asBoolean());
                    assertThat(secrets.contains("REDIS_PASSWORD")).isEqualTo(redis.has("AuthToken"));
                }
                if (environment.containsKey("PGHOST")) {
                    assertThat(parameters.path("rds.force_ssl").asText()).isEqualTo("1");
                    assertThat(environment.get("PGSSLMODE")).isIn("require", "verify-ca", "verify-full");
                }
            }
        }
        assertThat(storeClients).as("api and worker talk to the stores").isEqualTo(2);
    }

    @Test
    void theRolesCarryTheFilesNamesAndOnlyWhatTheGrantsGive() {
        templates.of(FARGATE).hasResourceProperties("AWS::IAM::Role", Map.of("RoleName", "multi-docker-ecs-execution",
            "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
                "Principal", Map.of("Service", "ecs-tasks.amazonaws.com"),
                "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId"))))))))));
        templates.of(FARGATE).hasResourceProperties("AWS::IAM::Role", Map.of("RoleName", "multi-docker-ecs-task"));
        for (JsonNode policy : templates.resources(FARGATE, "AWS::IAM::Policy")) {
            for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
                boolean everywhere = statement.path("Resource").asText().equals("*");
                List<String> actions = new ArrayList<>();
                (statement.path("Action").isArray() ? statement.path("Action") : List.of(statement.path("Action")))
                    .forEach(a -> actions.add(((JsonNode) a).asText()));
                if (everywhere) {
                    assertThat(actions)
                        .as("only ECS Exec's channel and log-group lookup and the collector's X-Ray calls apply to every resource: " + statement)
                        .allMatch(a -> a.startsWith("ssmmessages:") || a.equals("logs:DescribeLogGroups")
                            || a.equals("xray:PutTraceSegments") || a.equals("xray:PutTelemetryRecords"));
                }
            }
        }
    }

    @Test
    void theCiRoleTrustsOnlyTheRepositorysMainBranchAndHoldsTheFilesPolicies() {
        templates.of(Target.CI_STACK).hasResourceProperties("AWS::IAM::OIDCProvider",
            Map.of("Url", "https://token.actions.githubusercontent.com", "ClientIdList", List.of("sts.amazonaws.com")));
        templates.of(Target.CI_STACK).hasResourceProperties("AWS::IAM::Role", Map.of(
            "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
                "Action", "sts:AssumeRoleWithWebIdentity",
                "Condition", Map.of("StringEquals", Map.of(
                    "token.actions.githubusercontent.com:aud", "sts.amazonaws.com",
                    "token.actions.githubusercontent.com:sub", "repo:" + SynthFixture.GITHUB_REPOSITORY + ":ref:refs/heads/main")))))))));
        JsonNode role = templates.resources(Target.CI_STACK, "AWS::IAM::Role").get(0);
        for (JsonNode policy : role.path("Policies")) {
            String file = policy.path("PolicyName").asText() + "-user";
            List<String> fileSids = new ArrayList<>();
            ((List<?>) FILES.policy(file).get("Statement")).forEach(s -> fileSids.add((String) ((Map<?, ?>) s).get("Sid")));
            List<String> sids = new ArrayList<>();
            policy.path("PolicyDocument").path("Statement").forEach(s -> sids.add(s.path("Sid").asText()));
            assertThat(sids).as(file).isEqualTo(fileSids);
        }
        assertThat(role.path("Policies")).hasSize(2);
    }

    @Test
    void theApiAndWorkerCarryTheCollectorSidecarWithItsConfigurationAndRights() {
        templates.of(FARGATE).hasResourceProperties("AWS::SSM::Parameter", Map.of(
            "Name", CollectorSidecar.CONFIG_PARAMETER, "Type", "String",
            "Value", FILES.collectorConfig()));
        int sidecars = 0;
        for (JsonNode task : templates.resources(FARGATE, "AWS::ECS::TaskDefinition")) {
            int containerMemory = 0;
            for (JsonNode container : task.path("ContainerDefinitions")) {
                containerMemory += Math.max(container.path("Memory").asInt(), container.path("MemoryReservation").asInt());
                if (container.path("Name").asText().equals("otel-collector")) {
                    sidecars++;
                    assertThat(container.path("Essential").asBoolean(true)).as("the app runs on when its collector stops").isFalse();
                    assertThat(container.path("User").asText()).isEqualTo("10001");
                    assertThat(texts(container.path("HealthCheck").path("Command"))).containsExactly("CMD", "/healthcheck");
                    assertThat(container.path("Image").asText())
                        .matches("public\\.ecr\\.aws/aws-observability/aws-otel-collector:v\\d+\\.\\d+\\.\\d+");
                    assertThat(names(container.path("Secrets"), "Name")).containsExactlyInAnyOrder("AOT_CONFIG_CONTENT");
                }
            }
            assertThat(containerMemory).as("containers fit the task: " + task.path("Family"))
                .isLessThanOrEqualTo(task.path("Memory").asInt());
        }
        assertThat(sidecars).as("api and worker").isEqualTo(2);
        templates.of(FARGATE).hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", CollectorSidecar.METRICS_LOG_GROUP));
        templates.of(FARGATE).hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Match.objectLike(Map.of(
            "Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Action", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), "Resource", "*")),
                Match.objectLike(Map.of("Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                    "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("MetricsLogs.*"), "Arn"))))))))));
    }

    @Test
    void everyTaggedResourceCarriesTheAppTag() {
        assertThat(templates.untagged()).isEmpty();
    }

    private static List<String> texts(JsonNode list) {
        List<String> texts = new ArrayList<>();
        list.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static Set<String> names(JsonNode list, String field) {
        Set<String> names = new HashSet<>();
        list.forEach(item -> names.add(item.path(field).asText()));
        return names;
    }
}
