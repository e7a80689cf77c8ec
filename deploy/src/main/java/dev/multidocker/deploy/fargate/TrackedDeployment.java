package dev.multidocker.deploy.fargate;

import java.time.Instant;

/** The one deployment of one service that a rollout waits for, known by the id UpdateService returned. */
record TrackedDeployment(String service, String deploymentId, String taskDefinitionArn, Instant createdAt) {
}
