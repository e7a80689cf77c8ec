package dev.multidocker.deploy.fargate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multidocker.deploy.cli.Stop;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * Converts the files of aws/ecs into the SDK's requests with every field kept. A field the SDK does not know
 * stops the deployment: silently dropping it (as some tools do) would deploy a different task or service.
 */
final class EcsRequests {
    /** Fields that describe-task-definition prints but RegisterTaskDefinition does not take. */
    static final List<String> READ_ONLY_FIELDS = List.of("taskDefinitionArn", "revision", "status", "requiresAttributes",
        "compatibilities", "registeredAt", "registeredBy", "deregisteredAt");

    private static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EcsRequests() {
    }

    static RegisterTaskDefinitionRequest registerTaskDefinition(ObjectNode definition, String file) {
        ObjectNode input = definition.deepCopy();
        input.remove(READ_ONLY_FIELDS);
        return convert(input, RegisterTaskDefinitionRequest.serializableBuilderClass(), "RegisterTaskDefinition", file).build();
    }

    /** A services file entry as CreateService input in {@code cluster}; its task definition is set once registered. */
    static CreateServiceRequest createService(ObjectNode service, String cluster, String file) {
        ObjectNode input = service.deepCopy().put("cluster", cluster);
        return convert(input, CreateServiceRequest.serializableBuilderClass(), "CreateService", file).build();
    }

    private static <B> B convert(ObjectNode input, Class<B> builderClass, String api, String file) {
        try {
            return MAPPER.treeToValue(input, builderClass);
        } catch (UnrecognizedPropertyException e) {
            throw Stop.invalidInput(file + ": field '" + e.getPropertyName() + "' at " + path(e)
                + " is not part of the ECS " + api + " API; refusing to deploy without it");
        } catch (JsonProcessingException e) {
            throw Stop.invalidInput(file + ": not " + api + " input the ECS API accepts: " + e.getOriginalMessage());
        }
    }

    private static String path(UnrecognizedPropertyException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            path.append(reference.getFieldName() != null ? "." + reference.getFieldName() : "[" + reference.getIndex() + "]");
        }
        return path.length() == 0 ? "top level" : path.substring(1);
    }
}
