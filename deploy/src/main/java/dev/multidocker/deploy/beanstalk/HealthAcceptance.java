package dev.multidocker.deploy.beanstalk;

import java.util.Set;
import software.amazon.awssdk.services.elasticbeanstalk.model.EnvironmentDescription;

/**
 * Which environment health counts as deployed: the colour (Health) must be in the accepted set and so must the
 * enhanced health status (HealthStatus) where the environment reports one.
 */
record HealthAcceptance(Set<String> accepted) {
    private static final Set<String> BAD = Set.of("Red", "Degraded", "Severe");

    boolean accepts(EnvironmentDescription environment) {
        String status = environment.healthStatusAsString();
        return accepted.contains(environment.healthAsString()) && (status == null || accepted.contains(status));
    }

    /** Red, Degraded or Severe: not a transient Grey or Yellow while instances warm up. */
    static boolean bad(EnvironmentDescription environment) {
        return BAD.contains(environment.healthAsString()) || BAD.contains(environment.healthStatusAsString());
    }

    static String describe(EnvironmentDescription environment) {
        String status = environment.healthStatusAsString();
        return environment.healthAsString() + (status == null ? "" : "/" + status);
    }
}
