package dev.multidocker.deploy.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * IAM's decision on each simulated call, made against the one identity-based policy of the signed-in deploy user
 * ("Policy evaluation logic", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
 * an explicit Deny wins, otherwise some Allow must match the action, the resource and every condition; else the call
 * is denied. Each call maps to the IAM action and resource ARN that AWS's Service Authorization Reference gives it
 * (tables below). Supported condition operators: StringEquals, StringNotEquals, StringLike, StringNotLike, ArnLike,
 * ArnEquals; any other fails the test rather than being ignored.
 */
final class IamAuthorization {
    /** No policy named: every call is allowed (tests that are not about IAM). */
    static final IamAuthorization UNRESTRICTED = new IamAuthorization(null, null);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> GLOB_OPERATORS = Set.of("StringLike", "StringNotLike", "ArnLike", "ArnEquals");
    private static final Set<String> EXACT_OPERATORS = Set.of("StringEquals", "StringNotEquals");
    private static final String ARN = ":" + AwsSimulator.REGION + ":" + AwsSimulator.ACCOUNT + ":";

    /** One authorisation a call needs: action, resource ARN, request context keys (lower case) and values. */
    private record Request(String action, String resource, Map<String, List<String>> context) {
        Request(String action, String resource) {
            this(action, resource, Map.of());
        }
    }

    private final String user;
    private final JsonNode statements;

    private IamAuthorization(String user, JsonNode statements) {
        this.user = user;
        this.statements = statements;
    }

    /** The deploy user whose only policy is {@code policyFile}; its {@code ACCOUNT_ID} placeholder is the simulated account. */
    static IamAuthorization of(Path policyFile) {
        try {
            String name = policyFile.getFileName().toString().replace(".json", "");
            String document = Files.readString(policyFile).replace("ACCOUNT_ID", AwsSimulator.ACCOUNT);
            JsonNode statements = JSON.readTree(document).path("Statement");
            for (JsonNode statement : statements) {
                for (var condition : statement.path("Condition").properties()) {
                    String operator = condition.getKey();
                    if (!GLOB_OPERATORS.contains(operator) && !EXACT_OPERATORS.contains(operator)) {
                        throw new IllegalArgumentException(policyFile + ": the simulator does not evaluate condition operator " + operator);
                    }
                }
            }
            return new IamAuthorization("arn:aws:iam::" + AwsSimulator.ACCOUNT + ":user/" + name, statements);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * ECS and SSM (JSON 1.1): AccessDeniedException, status 400 (the services' "Common Errors", e.g.
     * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/CommonErrors.html).
     */
    void checkJson(String target, JsonNode request) {
        String action = target.substring(target.indexOf('.') + 1);
        List<Request> needed = target.startsWith("AmazonSSM.") ? ssm(action, request) : ecs(action, request);
        check(needed, 400, "AccessDeniedException");
    }

    /**
     * Elastic Beanstalk and ELBv2 (Query): {@code <Error><Code>AccessDenied</Code>}, status 403, which the AWS CLI
     * shows as "An error occurred (AccessDenied) when calling the ... operation". The ELBv2 describes take no resource
     * type ("Actions, resources, and condition keys for Elastic Load Balancing V2"): "*".
     */
    void checkQuery(String service, String action, Map<String, String> form) {
        check(service.equals("elasticbeanstalk") ? beanstalk(action, form) : List.of(new Request(service + ":" + action, "*")),
            403, "AccessDenied");
    }

    /**
     * S3 REST: {@code <Error><Code>AccessDenied</Code>}, status 403 ("Error responses",
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html); an object is
     * {@code arn:aws:s3:::bucket/key} ("Actions, resources, and condition keys for Amazon S3"). Path-style: /bucket/key.
     */
    void checkS3(String method, String path) {
        String action = method.equals("PUT") ? "s3:PutObject" : "s3:GetObject";
        check(List.of(new Request(action, "arn:aws:s3:::" + path.substring(1))), 403, "AccessDenied");
    }

    /**
     * ECS ("Actions, resources, and condition keys for Amazon Elastic Container Service",
     * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html):
     * task definitions, services by cluster and name. A RegisterTaskDefinition
     * that carries tags is also authorised as ecs:TagResource on the new task definition with ecs:CreateAction set
     * ("Grant permission to tag resources on creation",
     * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html). The revision is
     * not known before the registration, so the ARN is the family's.
     */
    private static List<Request> ecs(String action, JsonNode request) {
        String cluster = request.path("cluster").asText("default").replaceFirst("^arn:.*:cluster/", "");
        return switch (action) {
            case "RegisterTaskDefinition" -> {
                String arn = "arn:aws:ecs" + ARN + "task-definition/" + request.path("family").asText();
                List<Request> needed = new ArrayList<>(List.of(new Request("ecs:RegisterTaskDefinition", arn)));
                if (!request.path("tags").isEmpty()) {
                    needed.add(new Request("ecs:TagResource", arn, tagContext(request.path("tags"))));
                }
                yield needed;
            }
            case "DescribeServices" -> {
                List<Request> needed = new ArrayList<>();
                request.path("services").forEach(s -> needed.add(new Request("ecs:DescribeServices", service(cluster, s.asText()))));
                yield needed;
            }
            case "UpdateService" -> List.of(new Request("ecs:UpdateService", service(cluster, request.path("service").asText())));
            case "CreateService" -> List.of(new Request("ecs:CreateService", service(cluster, request.path("serviceName").asText())));
            default -> List.of(new Request("ecs:" + action, "*"));
        };
    }

    private static Map<String, List<String>> tagContext(JsonNode tags) {
        Map<String, List<String>> context = new HashMap<>();
        context.put("ecs:createaction", List.of("RegisterTaskDefinition"));
        List<String> keys = new ArrayList<>();
        for (JsonNode tag : tags) {
            keys.add(tag.path("key").asText());
            context.put("aws:requesttag/" + tag.path("key").asText().toLowerCase(Locale.ROOT), List.of(tag.path("value").asText()));
        }
        context.put("aws:tagkeys", keys);
        return context;
    }

    private static String service(String cluster, String name) {
        return name.startsWith("arn:") ? name : "arn:aws:ecs" + ARN + "service/" + cluster + "/" + name;
    }

    /**
     * SSM ("Actions, resources, and condition keys for AWS Systems Manager"): GetParameters needs ssm:GetParameters on
     * each parameter, {@code parameter/} + the name without its leading slash.
     */
    private static List<Request> ssm(String action, JsonNode request) {
        List<Request> needed = new ArrayList<>();
        request.path("Names").forEach(n -> needed.add(new Request("ssm:" + action,
            "arn:aws:ssm" + ARN + "parameter/" + n.asText().replaceFirst("^/", ""))));
        return needed.isEmpty() ? List.of(new Request("ssm:" + action, "*")) : needed;
    }

    /**
     * Elastic Beanstalk ("Actions, resources, and condition keys for AWS Elastic Beanstalk"): CreateApplicationVersion needs both its application and the new version; UpdateEnvironment
     * its environment; the describes and CreateStorageLocation "*".
     */
    private static List<Request> beanstalk(String action, Map<String, String> form) {
        String application = form.get("ApplicationName");
        String arn = "arn:aws:elasticbeanstalk" + ARN;
        return switch (action) {
            case "CreateApplicationVersion" -> List.of(
                new Request("elasticbeanstalk:CreateApplicationVersion", arn + "application/" + application),
                new Request("elasticbeanstalk:CreateApplicationVersion", arn + "applicationversion/" + application + "/" + form.get("VersionLabel")));
            case "UpdateEnvironment" -> List.of(new Request("elasticbeanstalk:UpdateEnvironment",
                arn + "environment/" + application + "/" + form.get("EnvironmentName")));
            default -> List.of(new Request("elasticbeanstalk:" + action, "*"));
        };
    }

    /**
     * The message of "Troubleshoot access denied error messages"
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html).
     */
    private void check(List<Request> needed, int status, String code) {
        if (statements == null) {
            return;
        }
        for (Request request : needed) {
            String denial = decide(request);
            if (denial != null) {
                String on = request.resource().equals("*") ? "" : " on resource: " + request.resource();
                throw new SimulatedError(status, code, "User: " + user + " is not authorized to perform: " + request.action()
                    + on + " because " + denial);
            }
        }
    }

    /** Null if allowed, else why not. */
    private String decide(Request request) {
        boolean allowed = false;
        for (JsonNode statement : statements) {
            if (applies(statement, request)) {
                if (statement.path("Effect").asText().equals("Deny")) {
                    return "an explicit deny in an identity-based policy";
                }
                allowed = true;
            }
        }
        return allowed ? null : "no identity-based policy allows the " + request.action() + " action";
    }

    private static boolean applies(JsonNode statement, Request request) {
        return anyMatches(statement.path("Action"), request.action().toLowerCase(Locale.ROOT), true)
            && anyMatches(statement.path("Resource"), request.resource(), false)
            && conditionsHold(statement.path("Condition"), request.context());
    }

    private static boolean anyMatches(JsonNode patterns, String value, boolean ignoreCase) {
        return strings(patterns).stream().anyMatch(p -> IamGlob.matches(ignoreCase ? p.toLowerCase(Locale.ROOT) : p, value));
    }

    /**
     * Every operator and key must hold; a key missing from the request fails a positive operator and satisfies a
     * negated one ("IAM JSON policy elements: Condition operators").
     */
    private static boolean conditionsHold(JsonNode condition, Map<String, List<String>> context) {
        for (var operator : condition.properties()) {
            for (var entry : operator.getValue().properties()) {
                List<String> values = context.get(entry.getKey().toLowerCase(Locale.ROOT));
                if (!holds(operator.getKey(), entry.getValue(), values)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean holds(String operator, JsonNode expected, List<String> values) {
        boolean like = GLOB_OPERATORS.contains(operator);
        boolean negated = operator.contains("Not");
        if (values == null) {
            return negated;
        }
        boolean matched = values.stream().anyMatch(v -> like ? anyMatches(expected, v, false) : strings(expected).contains(v));
        return negated != matched;
    }

    private static List<String> strings(JsonNode node) {
        List<String> list = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(v -> list.add(v.asText()));
        } else {
            list.add(node.asText());
        }
        return list;
    }
}
