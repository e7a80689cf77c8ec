package dev.multidocker.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** The synthesized templates of one target, synthesized once, by stack name. */
final class Templates {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Template> templates = new java.util.HashMap<>();

    Templates(Stacks stacks) {
        for (Stack stack : stacks.stacks()) {
            templates.put(stack.getStackName(), Template.fromStack(stack));
        }
    }

    Template of(String stackName) {
        return templates.get(stackName);
    }

    JsonNode json(String stackName) {
        return JSON.valueToTree(templates.get(stackName).toJSON());
    }

    /** The properties of every resource of {@code type} in a stack. */
    List<JsonNode> resources(String stackName, String type) {
        List<JsonNode> found = new ArrayList<>();
        json(stackName).path("Resources").forEach(resource -> {
            if (resource.path("Type").asText().equals(type)) {
                found.add(resource.path("Properties"));
            }
        });
        return found;
    }

    /** Resources whose Tags list lacks app=multi-docker, over every stack: each should be found by the leftover check. */
    List<String> untagged() {
        List<String> untagged = new ArrayList<>();
        templates.keySet().forEach(stack -> json(stack).path("Resources").fields().forEachRemaining(entry -> {
            JsonNode tags = entry.getValue().path("Properties").path("Tags");
            if (tags.isArray()) {
                boolean tagged = false;
                for (JsonNode tag : tags) {
                    tagged |= tag.path("Key").asText().equals("app") && tag.path("Value").asText().equals("multi-docker");
                }
                if (!tagged) {
                    untagged.add(stack + "/" + entry.getKey());
                }
            }
        }));
        return untagged;
    }
}
