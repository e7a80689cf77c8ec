package dev.multidocker.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.elasticbeanstalk.CfnApplication;
import software.amazon.awscdk.services.elasticbeanstalk.CfnEnvironment;
import software.amazon.awscdk.services.elasticbeanstalk.CfnEnvironment.OptionSettingProperty;
import software.amazon.awscdk.services.iam.CfnInstanceProfile;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The course's Elastic Beanstalk target: the application and environment {@code MultiDocker-env} on the
 * "ECS running on 64bit Amazon Linux 2023" platform (Dockerrun.aws.json v2), one instance on a launch
 * template, and the environment properties of the aws/ecs api and worker files pointed at the data stack.
 */
public final class BeanstalkStack extends Stack {
    public static final String APPLICATION = "multi-docker";
    public static final String ENVIRONMENT = "MultiDocker-env";
    /** Beanstalk names its current ECS stacks "64bit Amazon Linux 2023 v4.x.y running ECS". */
    public static final String SOLUTION_STACK_PATTERN = "^64bit Amazon Linux 2023 v[0-9.]+ running ECS$";
    static final String INSTANCE_TYPE = "t3.small";

    public BeanstalkStack(Construct scope, String id, StackProps props, DataStack data, Settings settings) {
        super(scope, id, props);
        // The platform version changes every few weeks; `deploy stack up` passes the newest one.
        CfnParameter solutionStack = CfnParameter.Builder.create(this, "SolutionStackName")
            .type("String").allowedPattern(SOLUTION_STACK_PATTERN)
            .description("The newest \"64bit Amazon Linux 2023 v4.x.y running ECS\" solution stack").build();

        CfnApplication application = CfnApplication.Builder.create(this, "Application")
            .applicationName(APPLICATION).description("The multi-docker course app").build();

        Role instanceRole = Role.Builder.create(this, "InstanceRole")
            .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
            .description("multi-docker Beanstalk instances: run the ECS agent, read the two password parameters, send traces to X-Ray")
            .managedPolicies(List.of(
                ManagedPolicy.fromAwsManagedPolicyName("AWSElasticBeanstalkMulticontainerDocker"),
                ManagedPolicy.fromAwsManagedPolicyName("AWSElasticBeanstalkWebTier")))
            .build();
        NagReasons.suppress(instanceRole, Map.of("AwsSolutions-IAM4", "AWSElasticBeanstalkMulticontainerDocker and"
            + " AWSElasticBeanstalkWebTier are the instance policies the Beanstalk ECS platform documents; AWS keeps"
            + " them in step with the platform's agents."));
        CfnInstanceProfile instanceProfile = CfnInstanceProfile.Builder.create(this, "InstanceProfile")
            .roles(List.of(instanceRole.getRoleName())).build();
        Role serviceRole = Role.Builder.create(this, "ServiceRole")
            .assumedBy(new ServicePrincipal("elasticbeanstalk.amazonaws.com"))
            .description("Elastic Beanstalk managing MultiDocker-env: health and managed platform updates")
            .managedPolicies(List.of(
                ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSElasticBeanstalkEnhancedHealth"),
                ManagedPolicy.fromAwsManagedPolicyName("AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy")))
            .build();

        NagReasons.suppress(serviceRole, Map.of("AwsSolutions-IAM4", "AWSElasticBeanstalkEnhancedHealth and"
            + " AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy are the service role policies Beanstalk documents"
            + " for enhanced health and managed platform updates."));
        List<OptionSettingProperty> options = new ArrayList<>();
        option(options, "aws:elasticbeanstalk:environment", "EnvironmentType", "SingleInstance");
        option(options, "aws:elasticbeanstalk:environment", "ServiceRole", serviceRole.getRoleArn());
        option(options, "aws:autoscaling:launchconfiguration", "IamInstanceProfile", instanceProfile.getRef());
        option(options, "aws:autoscaling:launchconfiguration", "SecurityGroups", data.appSecurityGroup().getSecurityGroupId());
        // IMDSv2 only: this setting also makes Beanstalk use a launch template, the only kind accounts
        // created since October 2024 can launch (Beanstalk developer guide, "Launch templates").
        option(options, "aws:autoscaling:launchconfiguration", "DisableIMDSv1", "true");
        option(options, "aws:ec2:instances", "InstanceTypes", INSTANCE_TYPE);
        option(options, "aws:ec2:vpc", "VPCId", data.vpc().getVpcId());
        option(options, "aws:ec2:vpc", "Subnets", String.join(",", data.vpc().getPublicSubnets().stream()
            .map(s -> s.getSubnetId()).toList()));
        option(options, "aws:ec2:vpc", "AssociatePublicIpAddress", "true");
        option(options, "aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced");
        option(options, "aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "true");
        option(options, "aws:elasticbeanstalk:managedactions", "PreferredStartTime", "Sun:03:00");
        option(options, "aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel", "minor");
        option(options, "aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "true");
        option(options, "aws:elasticbeanstalk:cloudwatch:logs", "RetentionInDays", "14");
        option(options, "aws:elasticbeanstalk:cloudwatch:logs", "DeleteOnTerminate", "true");
        environmentProperties(settings.files(), data).forEach((name, value) ->
            option(options, "aws:elasticbeanstalk:application:environment", name, value));
        // Environment secrets: Beanstalk reads the parameters at deployment with the instance's role, so
        // the passwords never appear in the option settings (Beanstalk developer guide, "Environment secrets").
        for (String parameter : List.of(DataStack.PG_PASSWORD_PARAMETER, DataStack.REDIS_PASSWORD_PARAMETER)) {
            String arn = "arn:" + Aws.PARTITION + ":ssm:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":parameter" + parameter;
            option(options, "aws:elasticbeanstalk:application:environmentsecrets",
                parameter.substring(parameter.lastIndexOf('/') + 1), arn);
            instanceRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ssm:GetParameter", "ssm:GetParameters")).resources(List.of(arn)).build());
        }

        // The collector container of Dockerrun.aws.json sends the apps' spans to X-Ray with the instance's
        // credentials: Dockerrun containers have no task role.
        CollectorSidecar.allowTraceExport(instanceRole);
        NagReasons.suppress(instanceRole.getNode().findChild("DefaultPolicy"), Map.of("AwsSolutions-IAM5",
            "xray:PutTraceSegments and xray:PutTelemetryRecords take no resource ARN (Service Authorization"
                + " Reference); the parameter reads are scoped to the two password parameters."));

        CfnEnvironment environment = CfnEnvironment.Builder.create(this, "Environment")
            .environmentName(ENVIRONMENT)
            .applicationName(application.getApplicationName())
            .solutionStackName(solutionStack.getValueAsString())
            .optionSettings(options)
            .build();
        environment.addDependency(application);

        CfnOutput.Builder.create(this, "Url").value("http://" + environment.getAttrEndpointUrl()).build();
        CfnOutput.Builder.create(this, "ApplicationName").value(APPLICATION).build();
        CfnOutput.Builder.create(this, "EnvironmentName").value(ENVIRONMENT).build();
    }

    /**
     * The plain environment variables of the api and worker task definitions, with the data stack's
     * endpoints: the same configuration on both targets, checked against what the data tier demands.
     */
    static Map<String, String> environmentProperties(ProjectFiles files, DataStack data) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String service : List.of("api", "worker")) {
            for (JsonNode container : files.taskDefinition(service).path("containerDefinitions")) {
                // The app's own container only, without its OTEL_* settings: Beanstalk's environment properties
                // reach every container alike, and each service names itself; Dockerrun.aws.json sets them per
                // container, pointed at its collector container.
                if (!container.path("name").asText().equals(service)) {
                    continue;
                }
                Map<String, String> environment = new LinkedHashMap<>();
                container.path("environment").forEach(variable -> {
                    if (!variable.path("name").asText().startsWith("OTEL_")) {
                        environment.put(variable.path("name").asText(),
                            data.clientVariables().getOrDefault(placeholder(variable.path("value").asText()),
                                variable.path("value").asText()));
                    }
                });
                java.util.Set<String> secrets = new java.util.HashSet<>();
                container.path("secrets").forEach(secret -> secrets.add(secret.path("name").asText()));
                DataStack.checkClient(service, environment, secrets);
                properties.putAll(environment);
            }
        }
        return properties;
    }

    private static String placeholder(String value) {
        return value.startsWith("${") && value.endsWith("}") ? value.substring(2, value.length() - 1) : value;
    }

    private static void option(List<OptionSettingProperty> options, String namespace, String name, String value) {
        options.add(OptionSettingProperty.builder().namespace(namespace).optionName(name).value(value).build());
    }
}
