package dev.multidocker.deploy.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/** Port mapping rules shared by Dockerrun v2 and ECS task definitions. */
final class PortMappingRules {
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp");
    /**
     * Below this port a process needs CAP_NET_BIND_SERVICE. Docker lowers the kernel's
     * net.ipv4.ip_unprivileged_port_start to 0 in its containers; ECS on Fargate leaves it at 1024 and
     * offers no way to change it (aws/containers-roadmap#1721, "Fargate: support sysctl
     * net.ipv4.ip_unprivileged_port_start"), so a non-root process there cannot bind port 80.
     */
    static final int UNPRIVILEGED_PORT_START = 1024;

    private PortMappingRules() {
    }

    /**
     * Checks one container's portMappings; {@code hostPortsInUse} maps host ports already taken to the
     * container that took them, so two containers cannot claim the same one.
     *
     * @param fargateTask a Fargate task definition (awsvpc networking) rather than a Dockerrun container
     */
    static void check(JsonNode container, String name, String file, boolean fargateTask,
                      Map<Integer, String> hostPortsInUse, Findings findings) {
        String repository = ImageNames.repository(container.path("image").asText(""));
        for (JsonNode mapping : container.path("portMappings")) {
            Integer containerPort = JsonFiles.integer(mapping, "containerPort", file, name, findings);
            Integer hostPort = JsonFiles.integer(mapping, "hostPort", file, name, findings);
            if (containerPort == null) {
                if (!mapping.has("containerPort")) {
                    findings.error(file, name, "portMappings.containerPort", "every port mapping needs a containerPort");
                }
            } else if (containerPort < 1 || containerPort > 65535) {
                findings.error(file, name, "portMappings.containerPort", containerPort + " is not a port (1-65535)");
            } else if (containerPort < UNPRIVILEGED_PORT_START && fargateTask) {
                findings.error(file, name, "portMappings.containerPort", "Fargate does not let a non-root process bind a port below "
                    + UNPRIVILEGED_PORT_START + ", found " + containerPort + ": listen on " + UNPRIVILEGED_PORT_START
                    + " or above inside the container (the router listens on 8080) and keep port 80 on the load balancer");
            } else if (containerPort < UNPRIVILEGED_PORT_START && ImageNames.COURSE_IMAGES.contains(repository)) {
                // The project's Dockerfiles all switch to a non-root USER, and the same images run on Fargate.
                findings.error(file, name, "portMappings.containerPort", "'" + repository + "' runs as a non-root user, which cannot bind port "
                    + containerPort + " where ports below " + UNPRIVILEGED_PORT_START + " are privileged (as on Fargate): map hostPort "
                    + containerPort + " to a containerPort of " + UNPRIVILEGED_PORT_START + " or above (the router listens on 8080)");
            }
            if (hostPort != null && (hostPort < 0 || hostPort > 65535)) {
                findings.error(file, name, "portMappings.hostPort", hostPort + " is not a port (0-65535)");
            }
            if (fargateTask && hostPort != null && !hostPort.equals(containerPort)) {
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
