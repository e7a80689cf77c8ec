package dev.multidocker.deploy.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/** Port mapping rules shared by Dockerrun v2 and ECS task definitions. */
final class PortMappingRules {
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp");

    private PortMappingRules() {
    }

    /**
     * Checks one container's portMappings; {@code hostPortsInUse} maps host ports already taken to the
     * container that took them, so two containers cannot claim the same one.
     */
    static void check(JsonNode container, String name, String file, boolean awsvpc,
                      Map<Integer, String> hostPortsInUse, Findings findings) {
        for (JsonNode mapping : container.path("portMappings")) {
            Integer containerPort = JsonFiles.integer(mapping, "containerPort", file, name, findings);
            Integer hostPort = JsonFiles.integer(mapping, "hostPort", file, name, findings);
            if (containerPort == null) {
                if (!mapping.has("containerPort")) {
                    findings.error(file, name, "portMappings.containerPort", "every port mapping needs a containerPort");
                }
            } else if (containerPort < 1 || containerPort > 65535) {
                findings.error(file, name, "portMappings.containerPort", containerPort + " is not a port (1-65535)");
            }
            if (hostPort != null && (hostPort < 0 || hostPort > 65535)) {
                findings.error(file, name, "portMappings.hostPort", hostPort + " is not a port (0-65535)");
            }
            if (awsvpc && hostPort != null && !hostPort.equals(containerPort)) {
                findings.error(file, name, "portMappings.hostPort",
                    "with awsvpc networking hostPort must be absent or equal to containerPort " + containerPort + ", found " + hostPort);
            }
            if (hostPort != null && hostPort != 0) {
                String other = hostPortsInUse.putIfAbsent(hostPort, name);
                if (other != null && !other.equals(name)) {
                    findings.error(file, name, "portMappings.hostPort", "host port " + hostPort + " is already mapped by container '" + other + "'");
                }
            }
            String protocol = mapping.path("protocol").asText("tcp");
            if (!PROTOCOLS.contains(protocol)) {
                findings.error(file, name, "portMappings.protocol", "must be tcp or udp, found '" + protocol + "'");
            }
        }
    }
}
