package dev.multidocker.deploy.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multidocker.deploy.validate.FileFacts.RouterTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * aws/ecs/services.json: the ECS services (CreateService input shape) with their Service Connect names,
 * which is how the nginx router finds api and client on Fargate.
 */
final class ServiceConnectRules {
    private ServiceConnectRules() {
    }

    /**
     * @param portNamesByFamily portMappings names of each task definition family, for the portName check
     * @param routerFamilies    families whose task definition runs the nginx router
     */
    static FileFacts check(JsonNode root, String file, Map<String, Set<String>> portNamesByFamily,
                           Set<String> routerFamilies, Findings findings) {
        Map<String, Integer> aliases = new LinkedHashMap<>();
        String routerService = null;
        boolean routerUsesServiceConnect = false;
        for (JsonNode service : root.path("services")) {
            String name = service.path("serviceName").asText();
            String family = service.path("taskDefinition").asText();
            if (!portNamesByFamily.containsKey(family)) {
                findings.error(file, name, "taskDefinition", "names family '" + family + "', but aws/ecs has no such task definition " + portNamesByFamily.keySet());
            }
            JsonNode connect = service.path("serviceConnectConfiguration");
            for (JsonNode published : connect.path("services")) {
                String portName = published.path("portName").asText();
                if (portNamesByFamily.containsKey(family) && !portNamesByFamily.get(family).contains(portName)) {
                    findings.error(file, name, "serviceConnectConfiguration.services.portName",
                        "'" + portName + "' is not a portMappings name of task definition '" + family + "' " + portNamesByFamily.get(family));
                }
                for (JsonNode alias : published.path("clientAliases")) {
                    aliases.put(alias.path("dnsName").asText(), alias.path("port").asInt());
                }
                if (published.path("clientAliases").isEmpty()) {
                    aliases.put(published.path("discoveryName").asText(portName), null);
                }
            }
            if (routerFamilies.contains(family)) {
                routerService = name;
                routerUsesServiceConnect = connect.path("enabled").asBoolean(false);
            }
        }
        if (routerService == null) {
            return FileFacts.none();
        }
        if (!routerUsesServiceConnect) {
            findings.error(file, routerService, "serviceConnectConfiguration.enabled",
                "the router must join Service Connect (\"enabled\": true) to resolve " + aliases.keySet());
        }
        return new FileFacts(List.of(), List.of(new RouterTarget(file, routerService,
            "serviceConnectConfiguration.services.clientAliases", aliases.keySet(), aliases)));
    }
}
