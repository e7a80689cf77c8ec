package dev.multidocker.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            assertEquals("AppSecurityGroupC396D536", rule.path("SourceSecurityGroupId").path("Fn::GetAtt").path(0).asText(), rule.toString());
            assertEquals(rule.path("FromPort").asInt(), rule.path("ToPort").asInt());
            ports.add(rule.path("FromPort").asInt());
        }
        assertEquals(Set.of(5432, 6379), ports);
        assertEquals(2, ingress.size());
        for (JsonNode group : templates.resources(DATA, "AWS::EC2::SecurityGroup")) {
            assertTrue(group.path("SecurityGroupIngress").isMissingNode(), "no inline ingress: " + group);
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
            assertFalse(outputs.contains("resolve:") || outputs.contains("PASSWORD"), stack + " outputs: " + outputs);
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
        assertEquals(4, services.size());
        for (JsonNode service : services) {
            JsonNode breaker = service.path("DeploymentConfiguration").path("DeploymentCircuitBreaker");
            assertTrue(breaker.path("Enable").asBoolean() && breaker.path("Rollback").asBoolean(), service.toString());
            assertTrue(service.path("EnableExecuteCommand").asBoolean());
            assertTrue(service.path("ServiceConnectConfiguration").path("Enabled").asBoolean());
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
            assertEquals(file.path("cpu").asText(), task.path("Cpu").asText());
            assertEquals(file.path("memory").asText(), task.path("Memory").asText());
            assertEquals(fileContainer.path("healthCheck").path("command"), container.path("HealthCheck").path("Command"));
            assertEquals(names(fileContainer.path("environment"), "name"), names(container.path("Environment"), "Name"));
            assertEquals(names(fileContainer.path("secrets"), "name"), names(container.path("Secrets"), "Name"));
            assertTrue(container.path("Image").asText().startsWith(SynthFixture.REGISTRY + "/multi-"), container.path("Image").asText());
            assertTrue(container.path("Image").asText().endsWith(":" + SynthFixture.TAG));
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
                    assertEquals(redis.path("TransitEncryptionEnabled").asBoolean(), Boolean.parseBoolean(environment.get("REDIS_TLS")));
                    assertEquals(redis.has("AuthToken"), secrets.contains("REDIS_PASSWORD"));
                }
                if (environment.containsKey("PGHOST")) {
                    assertEquals("1", parameters.path("rds.force_ssl").asText());
                    assertTrue(Set.of("require", "verify-ca", "verify-full").contains(environment.get("PGSSLMODE")));
                }
            }
        }
        assertEquals(2, storeClients, "api and worker talk to the stores");
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
                assertTrue(!everywhere || actions.stream().allMatch(a -> a.startsWith("ssmmessages:") || a.equals("logs:DescribeLogGroups")
                        || a.equals("xray:PutTraceSegments") || a.equals("xray:PutTelemetryRecords")),
                    "only ECS Exec's channel and log-group lookup and the collector's X-Ray calls apply to every resource: " + statement);
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
            assertEquals(fileSids, sids, file);
        }
        assertEquals(2, role.path("Policies").size());
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
                    assertFalse(container.path("Essential").asBoolean(true), "the app runs on when its collector stops");
                    assertEquals("10001", container.path("User").asText());
                    assertEquals(List.of("CMD", "/healthcheck"), texts(container.path("HealthCheck").path("Command")));
                    assertTrue(container.path("Image").asText().matches("public\\.ecr\\.aws/aws-observability/aws-otel-collector:v\\d+\\.\\d+\\.\\d+"),
                        container.path("Image").asText());
                    assertEquals(Set.of("AOT_CONFIG_CONTENT"), names(container.path("Secrets"), "Name"));
                }
            }
            assertTrue(containerMemory <= task.path("Memory").asInt(), "containers fit the task: " + task.path("Family"));
        }
        assertEquals(2, sidecars, "api and worker");
        templates.of(FARGATE).hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", CollectorSidecar.METRICS_LOG_GROUP));
        templates.of(FARGATE).hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Match.objectLike(Map.of(
            "Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Action", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), "Resource", "*")),
                Match.objectLike(Map.of("Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                    "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("MetricsLogs.*"), "Arn"))))))))));
    }

    @Test
    void everyTaggedResourceCarriesTheAppTag() {
        assertEquals(List.of(), templates.untagged());
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
