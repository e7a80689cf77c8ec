package dev.multidocker.deploy.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container health check of a production target probes liveness only. {@code /health} and
 * {@code /health/readiness} include PostgreSQL and Redis: ECS replaces a container whose check fails, so a store
 * outage would recycle every healthy container, and a deployment during it would trip the circuit breaker.
 * Readiness belongs to the load balancer and to start-up ordering, not to the container check.
 */
final class HealthCheckRules {
    private static final Pattern HEALTH_PATH = Pattern.compile("/health(/[A-Za-z]+)?(?![A-Za-z/])");

    private HealthCheckRules() {
    }

    /** An ECS container definition (task definition or Dockerrun v2): {@code healthCheck.command}. */
    static void checkContainer(JsonNode container, String name, String file, Findings findings) {
        List<String> command = new ArrayList<>();
        container.path("healthCheck").path("command").forEach(part -> command.add(part.asText()));
        check(String.join(" ", command), name, file, "healthCheck.command", findings);
    }

    /** A compose service's {@code healthcheck.test}, a list or a string. */
    static void checkCompose(Object test, String name, String file, Findings findings) {
        String command = test instanceof List<?> list ? String.join(" ", list.stream().map(String::valueOf).toList()) : String.valueOf(test);
        check(command, name, file, "healthcheck.test", findings);
    }

    private static void check(String command, String name, String file, String field, Findings findings) {
        Matcher matcher = HEALTH_PATH.matcher(command);
        while (matcher.find()) {
            if (!"/liveness".equals(matcher.group(1))) {
                findings.error(file, name, field, "probes '" + matcher.group() + "', which includes PostgreSQL and Redis: a store"
                    + " outage would replace healthy containers and trip the deployment circuit breaker; probe /health/liveness");
            }
        }
    }
}
