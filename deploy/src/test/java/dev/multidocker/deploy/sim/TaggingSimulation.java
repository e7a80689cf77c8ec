package dev.multidocker.deploy.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The Resource Groups Tagging API's GetResources: every tagged resource of the account, filtered by tag. */
public final class TaggingSimulation {
    private final Map<String, Map<String, String>> resources = new ConcurrentHashMap<>();

    /** A tagged resource that exists outside any stack, e.g. a final RDS snapshot or a log group someone made. */
    public void put(String arn, Map<String, String> tags) {
        resources.put(arn, tags);
    }

    void remove(String arn) {
        resources.remove(arn);
    }

    Map<String, ?> handle(String action, JsonNode request) {
        if (!action.equals("GetResources")) {
            throw new SimulatedError(400, "UnknownOperationException", action + " is not simulated");
        }
        List<Map<String, Object>> found = new ArrayList<>();
        resources.forEach((arn, tags) -> {
            boolean matches = true;
            // GetResources: a resource matches when it has every filter's key with one of its values (API reference, TagFilter).
            for (JsonNode filter : request.path("TagFilters")) {
                String value = tags.get(filter.path("Key").asText());
                boolean anyValue = filter.path("Values").isEmpty();
                boolean listed = false;
                for (JsonNode wanted : filter.path("Values")) {
                    listed |= wanted.asText().equals(value);
                }
                matches &= value != null && (anyValue || listed);
            }
            if (matches) {
                found.add(Map.of("ResourceARN", arn, "Tags", tags.entrySet().stream()
                    .map(tag -> Map.of("Key", tag.getKey(), "Value", tag.getValue())).toList()));
            }
        });
        return Map.of("ResourceTagMappingList", found, "PaginationToken", "");
    }
}
