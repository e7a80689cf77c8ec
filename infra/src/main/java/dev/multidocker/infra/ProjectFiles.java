package dev.multidocker.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The files under aws/ that the rollouts register (task definitions, services, IAM policies). The stacks
 * read them rather than keep a copy, so there is one definition of each container and each policy.
 */
public record ProjectFiles(Path root) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A task definition of aws/ecs, in RegisterTaskDefinition input shape. */
    public JsonNode taskDefinition(String service) {
        return read(root.resolve("aws/ecs").resolve(service + ".json"));
    }

    /** aws/ecs/services.json: the cluster, the load balancer name and the services in CreateService shape. */
    public JsonNode services() {
        return read(root.resolve("aws/ecs/services.json"));
    }

    /** An IAM policy document of aws/iam, as the JSON map CloudFormation takes. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> policy(String name) {
        return JSON.convertValue(read(root.resolve("aws/iam").resolve(name + ".json")), Map.class);
    }

    /**
     * The api's JDBC pool size, from its application.properties (the pool is sized to its blocking
     * threads there, so a property reference is followed once).
     */
    public int apiPoolSize() {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(root.resolve("api-server/src/main/resources/application.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the api's application.properties", e);
        }
        String size = properties.getProperty("datasources.default.maximum-pool-size");
        if (size.startsWith("${")) {
            size = properties.getProperty(size.substring(2, size.length() - 1));
        }
        return Integer.parseInt(size);
    }

    /** aws/otel/ecs-collector.yaml: the collector sidecar's configuration, the value of its parameter. */
    public String collectorConfig() {
        try {
            return Files.readString(root.resolve("aws/otel/ecs-collector.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read aws/otel/ecs-collector.yaml", e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
