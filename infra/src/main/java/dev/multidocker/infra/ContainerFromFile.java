package dev.multidocker.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.AppProtocol;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.Protocol;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.ssm.IStringParameter;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.amazon.awscdk.services.ssm.SecureStringParameterAttributes;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * One container definition of an aws/ecs task definition file as CDK options, so that the stack's first
 * revision and every later one the {@code fargate} rollout registers start the same container. A member
 * this class does not know is refused: a new member in the file must be carried over here, not dropped.
 */
final class ContainerFromFile {
    private static final Set<String> KNOWN = Set.of("name", "image", "essential", "memory", "memoryReservation", "user",
        "portMappings", "environment", "secrets", "healthCheck", "logConfiguration");
    private static final Pattern ECR_REGISTRY = Pattern.compile("\\d{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");
    /** The registry part of the files' image names, which the deployment's registry replaces. */
    private static final String FILE_REGISTRY = "multidocker/";
    private static final String PUBLIC_ECR = "public.ecr.aws/";

    private ContainerFromFile() {
    }

    record Container(String name, ContainerDefinitionOptions options, Map<String, String> environment,
                     Set<String> secrets) {
    }

    static Container read(Construct scope, JsonNode definition, Map<String, String> variables, ILogGroup logs,
                          Settings settings) {
        String name = definition.path("name").asText();
        definition.fieldNames().forEachRemaining(field -> {
            if (!KNOWN.contains(field)) {
                throw new IllegalArgumentException("container " + name + ": member '" + field
                    + "' of the task definition file is not carried into the stack");
            }
        });
        Map<String, String> environment = new LinkedHashMap<>();
        definition.path("environment").forEach(variable ->
            environment.put(variable.path("name").asText(), fill(variable.path("value").asText(), variables, name)));
        Map<String, Secret> secrets = new LinkedHashMap<>();
        definition.path("secrets").forEach(secret -> {
            String parameter = secret.path("valueFrom").asText();
            secrets.put(secret.path("name").asText(), Secret.fromSsmParameter(parameter(scope, parameter)));
        });
        List<PortMapping> ports = new ArrayList<>();
        definition.path("portMappings").forEach(port -> ports.add(PortMapping.builder()
            .name(port.path("name").asText())
            .containerPort(port.path("containerPort").asInt())
            .protocol(Protocol.TCP)
            .appProtocol(AppProtocol.getHttp())
            .build()));
        JsonNode health = definition.path("healthCheck");
        JsonNode logOptions = definition.path("logConfiguration").path("options");

        ContainerDefinitionOptions options = ContainerDefinitionOptions.builder()
            .containerName(name)
            .image(containerImage(scope, definition.path("image").asText(), settings))
            .essential(definition.path("essential").asBoolean(true))
            .memoryReservationMiB(definition.has("memoryReservation") ? definition.get("memoryReservation").asInt() : null)
            .memoryLimitMiB(definition.has("memory") ? definition.get("memory").asInt() : null)
            .user(definition.has("user") ? definition.get("user").asText() : null)
            .portMappings(ports)
            .environment(environment)
            .secrets(secrets)
            .healthCheck(HealthCheck.builder()
                .command(texts(health.path("command")))
                .interval(Duration.seconds(health.path("interval").asInt()))
                .timeout(Duration.seconds(health.path("timeout").asInt()))
                .retries(health.path("retries").asInt())
                .startPeriod(Duration.seconds(health.path("startPeriod").asInt()))
                .build())
            .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder()
                .logGroup(logs)
                .streamPrefix(logOptions.path("awslogs-stream-prefix").asText())
                .build()))
            .build();
        return new Container(name, options, environment, secrets.keySet());
    }

    /** One reference per parameter, shared by the containers of every task definition that names it. */
    private static IStringParameter parameter(Construct scope, String parameterName) {
        String id = "Parameter" + parameterName;
        IConstruct existing = scope.getNode().tryFindChild(id);
        return existing != null ? (IStringParameter) existing : StringParameter.fromSecureStringParameterAttributes(scope, id,
            SecureStringParameterAttributes.builder().parameterName(parameterName).build());
    }

    /**
     * From ECR, the stack's own account's repository, so CDK grants the execution role the pull; from
     * Docker Hub, a public image that needs no grant. An image of a public registry (the collector sidecar
     * on public.ecr.aws) is pulled as the file names it, pinned there.
     */
    private static ContainerImage containerImage(Construct scope, String fileImage, Settings settings) {
        if (fileImage.startsWith(PUBLIC_ECR)) {
            return ContainerImage.fromRegistry(fileImage);
        }
        String image = image(fileImage, settings);
        if (!ECR_REGISTRY.matcher(settings.imageRegistry()).matches()) {
            return ContainerImage.fromRegistry(image);
        }
        String repository = image.substring(settings.imageRegistry().length() + 1, image.lastIndexOf(':'));
        return ContainerImage.fromEcrRepository(Repository.fromRepositoryName(scope, repository + "Repository", repository),
            settings.imageTag());
    }

    /** The files' {@code multidocker/multi-server:latest} as the deployment's {@code <registry>/multi-server:<tag>}. */
    static String image(String fileImage, Settings settings) {
        if (!fileImage.startsWith(FILE_REGISTRY)) {
            throw new IllegalArgumentException("image " + fileImage + " is not under " + FILE_REGISTRY);
        }
        String repository = fileImage.substring(FILE_REGISTRY.length()).replaceFirst(":.*$", "");
        return settings.imageRegistry() + "/" + repository + ":" + settings.imageTag();
    }

    private static String fill(String value, Map<String, String> variables, String container) {
        Matcher matcher = PLACEHOLDER.matcher(value);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String replacement = variables.get(matcher.group(1));
            if (replacement == null) {
                throw new IllegalArgumentException("container " + container + ": no value for ${" + matcher.group(1) + "}");
            }
            matcher.appendReplacement(filled, Matcher.quoteReplacement(replacement));
        }
        return matcher.appendTail(filled).toString();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
