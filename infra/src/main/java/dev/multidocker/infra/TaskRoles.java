package dev.multidocker.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The execution and task roles under the names the aws/ecs files give them, so the revisions the
 * {@code fargate} rollout registers find them. They start empty: CDK's grants (image pulls, the log
 * group, the secrets, ECS Exec) add exactly what the stack's task definitions use.
 */
final class TaskRoles {
    private final Role execution;
    private final Role task;

    TaskRoles(Construct scope, ProjectFiles files) {
        JsonNode apiTask = files.taskDefinition("api");
        IPrincipal ecsTasks = trustedPrincipal(files.policy("ecs-tasks-trust-policy"));
        execution = Role.Builder.create(scope, "ExecutionRole")
            .roleName(roleName(apiTask.path("executionRoleArn").asText()))
            .assumedBy(ecsTasks)
            .description("ECS agent starting multi-docker tasks")
            .build();
        task = Role.Builder.create(scope, "TaskRole")
            .roleName(roleName(apiTask.path("taskRoleArn").asText()))
            .assumedBy(ecsTasks)
            .description("multi-docker containers")
            .build();
    }

    Role execution() {
        return execution;
    }

    Role task() {
        return task;
    }

    /** {@code arn:aws:iam::${ACCOUNT_ID}:role/multi-docker-ecs-task} → {@code multi-docker-ecs-task}. */
    private static String roleName(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    /** The service and the conditions of aws/iam/ecs-tasks-trust-policy.json, with the account filled in. */
    @SuppressWarnings("unchecked")
    private static IPrincipal trustedPrincipal(Map<String, Object> trustPolicy) {
        Map<String, Object> statement = ((java.util.List<Map<String, Object>>) trustPolicy.get("Statement")).get(0);
        String service = ((Map<String, String>) statement.get("Principal")).get("Service");
        Map<String, Object> conditions = (Map<String, Object>) PolicyFiles.withAccount(statement.get("Condition"));
        return new ServicePrincipal(service).withConditions(conditions);
    }
}
