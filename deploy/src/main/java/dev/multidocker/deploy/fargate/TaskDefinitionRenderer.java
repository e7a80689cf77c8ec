package dev.multidocker.deploy.fargate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multidocker.deploy.cli.Stop;
import dev.multidocker.deploy.images.ImageRenderer;
import dev.multidocker.deploy.images.TemplateVariables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The task definition file as it will be registered: placeholders filled, images of this build, secrets as ARNs. */
final class TaskDefinitionRenderer {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, String> variables;
    private final ImageRenderer images;
    private final SecretResolver secrets;

    TaskDefinitionRenderer(Map<String, String> variables, ImageRenderer images, SecretResolver secrets) {
        this.variables = variables;
        this.images = images;
        this.secrets = secrets;
    }

    ObjectNode render(Path file) {
        ObjectNode definition;
        try {
            definition = (ObjectNode) MAPPER.readTree(TemplateVariables.fill(Files.readString(file), variables, file.toString()));
        } catch (IOException | ClassCastException e) {
            throw Stop.invalidInput("cannot read task definition " + file + ": " + e.getMessage());
        }
        List<ObjectNode> secretNodes = new ArrayList<>();
        for (JsonNode container : definition.path("containerDefinitions")) {
            ObjectNode node = (ObjectNode) container;
            node.put("image", images.render(node.path("image").asText()));
            container.path("secrets").forEach(secret -> secretNodes.add((ObjectNode) secret));
        }
        Map<String, String> arns = secrets.arns(secretNodes.stream().map(s -> s.path("valueFrom").asText()).toList());
        for (ObjectNode secret : secretNodes) {
            String arn = arns.get(secret.path("valueFrom").asText());
            if (arn != null) {
                secret.put("valueFrom", arn);
            }
        }
        return definition;
    }
}
