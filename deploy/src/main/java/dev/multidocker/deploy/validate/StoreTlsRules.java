package dev.multidocker.deploy.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The stores of both production targets speak TLS: Redis is an ElastiCache replication group with in-transit
 * encryption and AUTH, PostgreSQL is RDS, which forces SSL. A container that reaches Redis without TLS and a
 * password, or PostgreSQL below {@code sslmode=require}, never becomes ready there. The rules are listed in
 * deploy/README.md.
 */
final class StoreTlsRules {
    /** The sslmodes that refuse a plaintext connection. */
    private static final Set<String> ENCRYPTED_SSL_MODES = Set.of("require", "verify-ca", "verify-full");
    private static final String DECISION = "the production Redis is ElastiCache with in-transit encryption and AUTH";

    private StoreTlsRules() {
    }

    /** A Fargate container: both settings written in the file, the password a Parameter Store secret. */
    static void checkTaskDefinitionContainer(JsonNode container, String name, String file, Findings findings) {
        Map<String, String> environment = variables(container.path("environment"));
        if (environment.containsKey("REDIS_HOST")) {
            if (!"true".equals(environment.get("REDIS_TLS"))) {
                findings.error(file, name, "environment.REDIS_TLS", "must be \"true\" where REDIS_HOST is set (" + DECISION
                    + "), found " + quoted(environment.get("REDIS_TLS")));
            }
            if (!variables(container.path("secrets")).containsKey("REDIS_PASSWORD")) {
                findings.error(file, name, "secrets.REDIS_PASSWORD", "missing where REDIS_HOST is set: " + DECISION
                    + ", so the AUTH token comes from Parameter Store (/multi-docker/REDIS_PASSWORD)");
            }
        }
        if (environment.containsKey("PGHOST")) {
            checkSslMode(environment.get("PGSSLMODE"), name, file, "environment.PGSSLMODE", findings);
        }
    }

    /**
     * A Dockerrun v2 container: Beanstalk's environment properties reach every container, so the file sets
     * neither, but a value written into a container overrides them and must agree.
     */
    static void checkDockerrunContainer(JsonNode container, String name, String file, Findings findings) {
        Map<String, String> environment = variables(container.path("environment"));
        if (environment.containsKey("REDIS_TLS") && !"true".equals(environment.get("REDIS_TLS"))) {
            findings.error(file, name, "environment.REDIS_TLS", "overrides the environment property with "
                + quoted(environment.get("REDIS_TLS")) + "; it must be \"true\" (" + DECISION + ")");
        }
        if (environment.containsKey("PGSSLMODE")) {
            checkSslMode(environment.get("PGSSLMODE"), name, file, "environment.PGSSLMODE", findings);
        }
    }

    /**
     * A service of the production compose file, whose values come from the environment properties: one that
     * reaches Redis must pass REDIS_TLS and REDIS_PASSWORD through (or write REDIS_TLS as true).
     */
    static void checkComposeService(Map<String, Object> environment, String name, String file, Findings findings) {
        if (environment.containsKey("REDIS_HOST")) {
            passedThroughOr(environment, "REDIS_TLS", Set.of("true"), name, file, findings);
            if (!"${REDIS_PASSWORD}".equals(String.valueOf(environment.get("REDIS_PASSWORD")))) {
                findings.error(file, name, "environment.REDIS_PASSWORD", "must be passed through as ${REDIS_PASSWORD} from the"
                    + " environment property where REDIS_HOST is set (" + DECISION + ")");
            }
        }
        if (environment.containsKey("PGHOST")) {
            passedThroughOr(environment, "PGSSLMODE", ENCRYPTED_SSL_MODES, name, file, findings);
        }
    }

    /**
     * Beanstalk's option settings: the environment properties that reach every container set REDIS_TLS=true
     * and PGSSLMODE=require, and never a password, which is set from the shell and not kept in the repository.
     */
    static void checkOptionSettings(JsonNode settings, String file, Findings findings) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (JsonNode setting : settings) {
            if ("aws:elasticbeanstalk:application:environment".equals(setting.path("Namespace").asText())) {
                properties.put(setting.path("OptionName").asText(), setting.path("Value").asText());
            }
        }
        if (!"true".equals(properties.get("REDIS_TLS"))) {
            findings.error(file, null, "aws:elasticbeanstalk:application:environment.REDIS_TLS", "must be \"true\" (" + DECISION
                + "), found " + quoted(properties.get("REDIS_TLS")));
        }
        checkSslMode(properties.get("PGSSLMODE"), null, file, "aws:elasticbeanstalk:application:environment.PGSSLMODE", findings);
        for (String secret : TaskDefinitionRules.SECRET_NAMES) {
            if (properties.containsKey(secret)) {
                findings.error(file, null, "aws:elasticbeanstalk:application:environment." + secret, "a secret written into the"
                    + " repository: set it on the environment with update-environment from the shell instead");
            }
        }
    }

    private static void passedThroughOr(Map<String, Object> environment, String variable, Set<String> literals, String name,
                                        String file, Findings findings) {
        String value = String.valueOf(environment.get(variable));
        if (!value.equals("${" + variable + "}") && !literals.contains(value)) {
            findings.error(file, name, "environment." + variable, "must be passed through as ${" + variable + "} or be one of "
                + literals.stream().sorted().toList() + ", found " + quoted(environment.get(variable) == null ? null : value));
        }
    }

    private static void checkSslMode(String mode, String name, String file, String field, Findings findings) {
        if (mode == null || !ENCRYPTED_SSL_MODES.contains(mode)) {
            findings.error(file, name, field, "must be require (or verify-ca, verify-full): RDS for PostgreSQL 15 forces SSL, found "
                + quoted(mode));
        }
    }

    private static Map<String, String> variables(JsonNode list) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (JsonNode variable : list) {
            variables.put(variable.path("name").asText(), variable.has("value") ? variable.path("value").asText()
                : variable.path("valueFrom").asText());
        }
        return variables;
    }

    private static String quoted(String value) {
        return value == null ? "nothing" : "\"" + value + "\"";
    }
}
