package dev.multidocker.infra;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.ssm.ParameterTier;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * What the AWS Distro for OpenTelemetry collector beside the api and the worker needs: its configuration as
 * the parameter the task definitions' {@code AOT_CONFIG_CONTENT} secret names (aws/otel/ecs-collector.yaml),
 * the log group its awsemf exporter writes, and on the task role exactly the X-Ray and Logs calls of its
 * awsxray and awsemf exporters.
 */
final class CollectorSidecar {
    static final String CONFIG_PARAMETER = "/multi-docker/otel-collector-config";
    static final String METRICS_LOG_GROUP = "/ecs/multi-docker/metrics";

    private final StringParameter config;

    CollectorSidecar(Construct scope, ProjectFiles files, Role taskRole) {
        config = StringParameter.Builder.create(scope, "CollectorConfig")
            .parameterName(CONFIG_PARAMETER)
            .description("multi-docker: the ADOT collector sidecar's configuration (aws/otel/ecs-collector.yaml)")
            .stringValue(files.collectorConfig())
            .tier(ParameterTier.STANDARD)
            .build();
        LogGroup metrics = LogGroup.Builder.create(scope, "MetricsLogs")
            .logGroupName(METRICS_LOG_GROUP)
            .retention(RetentionDays.TWO_WEEKS)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
        allowTraceExport(taskRole);
        // awsemf exporter: it creates its streams in the group the stack made, and puts the EMF events there.
        taskRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
            .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
            .resources(List.of(metrics.getLogGroupArn()))
            .build());
    }

    /**
     * What the collector's awsxray exporter calls, for the role its credentials come from (the Fargate task's,
     * the Beanstalk instance's): https://aws-otel.github.io/docs/getting-started/x-ray, the policy it documents
     * minus the sampling calls, which only the X-Ray receiver's proxy makes; the apps sample themselves.
     */
    static void allowTraceExport(Role role) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
            .actions(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"))
            .resources(List.of("*"))
            .build());
    }

    StringParameter config() {
        return config;
    }
}
