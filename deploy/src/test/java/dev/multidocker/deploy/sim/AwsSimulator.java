package dev.multidocker.deploy.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * A SIMULATOR of the AWS APIs the deploy CLI calls, for tests only: it is not AWS and not an emulator of
 * all of AWS. It listens on 127.0.0.1 and speaks the real wire protocols of the calls the CLI makes (S3 REST,
 * Elastic Beanstalk and ELBv2 Query/XML, ECS and SSM JSON 1.1), so the real SDK clients, with their
 * marshalling, retries and error handling, run against it through {@code --endpoint-url}. It keeps state
 * (buckets, application versions, environments, events, task definitions, services, deployments) and
 * advances scripted rollouts by one step on each status read, so tests need no sleeps.
 */
public final class AwsSimulator implements AutoCloseable {
    static final String ACCOUNT = "000000000000";
    static final String REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BEANSTALK_NS = "http://elasticbeanstalk.amazonaws.com/docs/2010-12-01/";
    private static final String CLOUDFORMATION_NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
    private static final String ELB_NS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    private final LoopbackServer server;
    private final S3Simulation s3 = new S3Simulation();
    private final EcsSimulation ecs = new EcsSimulation();
    private final BeanstalkSimulation beanstalk = new BeanstalkSimulation(s3);
    private final TaggingSimulation tagging = new TaggingSimulation();
    private final CloudFormationSimulation cloudFormation = new CloudFormationSimulation(tagging);
    private final Map<String, String> parameters = new ConcurrentHashMap<>();
    private final Map<String, String> loadBalancers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> throttles = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final RecordedRequests requests = new RecordedRequests();
    private volatile IamAuthorization authorization = IamAuthorization.UNRESTRICTED;

    public AwsSimulator() {
        server = new LoopbackServer(this::handle);
    }

    public URI endpoint() {
        return server.url();
    }

    /** An SDK client of this simulator, for a test that calls AWS itself (as the course pages do) rather than through the CLI. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        SimulatedAccount.useFakeCredentials();
        return builder.region(Region.of(REGION)).endpointOverride(endpoint())
            .credentialsProvider(DefaultCredentialsProvider.create()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    public S3Simulation s3() {
        return s3;
    }

    public EcsSimulation ecs() {
        return ecs;
    }

    public BeanstalkSimulation beanstalk() {
        return beanstalk;
    }

    public CloudFormationSimulation cloudFormation() {
        return cloudFormation;
    }

    public TaggingSimulation tagging() {
        return tagging;
    }

    public void putParameter(String name) {
        parameters.put(name, "arn:aws:ssm:" + REGION + ":" + ACCOUNT + ":parameter" + name);
    }

    public void addLoadBalancer(String name, String dnsName) {
        loadBalancers.put(name, dnsName);
    }

    /** The next {@code times} calls of {@code action} get the service's throttling error, which the SDK retries. */
    public void throttle(String action, int times) {
        throttles.put(action, new AtomicInteger(times));
    }

    /** From now on every call is made as a deploy user whose only policy is {@code policyFile} (see {@link IamAuthorization}). */
    public AwsSimulator signInAs(Path policyFile) {
        authorization = IamAuthorization.of(policyFile);
        return this;
    }

    /** How many requests of {@code action} arrived, retries included. */
    public int calls(String action) {
        return calls.getOrDefault(action, new AtomicInteger()).get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target != null) {
                handleJson(exchange, target, body);
            } else if (isForm(exchange)) {
                handleQuery(exchange, form(new String(body, StandardCharsets.UTF_8)));
            } else {
                handleS3(exchange, body);
            }
        }
    }

    private void handleJson(HttpExchange exchange, String target, byte[] body) throws IOException {
        String action = target.substring(target.indexOf('.') + 1);
        try {
            throttleOrCount(action, "ThrottlingException");
            JsonNode request = JSON.readTree(body);
            boolean tag = target.startsWith("ResourceGroupsTaggingAPI_");
            requests.json(tag ? "resourcegroupstaggingapi" : target.startsWith("AmazonSSM.") ? "ssm" : "ecs", action, request);
            authorization.checkJson(target, request);
            Object response = tag ? tagging.handle(action, request)
                : target.startsWith("AmazonSSM.") ? ssm(action, request) : ecs.handle(action, request);
            send(exchange, 200, "application/x-amz-json-1.1", JSON.writeValueAsString(response));
        } catch (SimulatedError error) {
            send(exchange, error.status(), "application/x-amz-json-1.1",
                JSON.writeValueAsString(Map.of("__type", error.code(), "message", error.getMessage())));
        }
    }

    private void handleQuery(HttpExchange exchange, Map<String, String> form) throws IOException {
        String action = form.get("Action");
        if ("2010-05-15".equals(form.get("Version"))) {
            handleCloudFormation(exchange, action, form);
            return;
        }
        boolean elb = "2015-12-01".equals(form.get("Version"));
        String namespace = elb ? ELB_NS : BEANSTALK_NS;
        requests.query(elb ? "elbv2" : "elasticbeanstalk", action, form);
        try {
            throttleOrCount(action, "Throttling");
            authorization.checkQuery(elb ? "elasticloadbalancing" : "elasticbeanstalk", action, form);
            Map<String, ?> result = elb ? elb(action, form) : beanstalk.handle(action, form);
            send(exchange, 200, "text/xml", QueryXml.response(namespace, action, result));
        } catch (SimulatedError error) {
            send(exchange, error.status(), "text/xml", QueryXml.error(namespace, error));
        }
    }

    private void handleCloudFormation(HttpExchange exchange, String action, Map<String, String> form) throws IOException {
        try {
            requests.query("cloudformation", action, form);
            throttleOrCount(action, "Throttling");
            send(exchange, 200, "text/xml", QueryXml.response(CLOUDFORMATION_NS, action, cloudFormation.handle(action, form)));
        } catch (SimulatedError error) {
            send(exchange, error.status(), "text/xml", QueryXml.error(CLOUDFORMATION_NS, error));
        }
    }

    private void handleS3(HttpExchange exchange, byte[] body) throws IOException {
        String method = exchange.getRequestMethod();
        try {
            String operation = method.equals("PUT") ? "PutObject" : method + "Object";
            requests.rest("s3", operation);
            throttleOrCount(operation, "SlowDown");
            String path = exchange.getRequestURI().getPath();
            authorization.checkS3(method, path);
            String contentSha = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
            boolean chunked = contentSha != null && contentSha.startsWith("STREAMING-");
            String etag = s3.handle(method, path, chunked ? AwsChunked.decode(body) : body);
            exchange.getResponseHeaders().add("ETag", etag);
            exchange.sendResponseHeaders(200, -1);
        } catch (SimulatedError error) {
            send(exchange, error.status(), "application/xml", "<Error><Code>" + error.code() + "</Code><Message>"
                + error.getMessage() + "</Message></Error>");
        }
    }

    private void throttleOrCount(String action, String throttlingCode) {
        calls.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
        AtomicInteger remaining = throttles.get(action);
        if (remaining != null && remaining.getAndDecrement() > 0) {
            throw new SimulatedError(400, throttlingCode, "Rate exceeded");
        }
    }

    private Map<String, Object> ssm(String action, JsonNode request) {
        if (action.equals("PutParameter")) {
            // SSM PutParameter: an existing name without Overwrite is ParameterAlreadyExists (SSM API reference).
            if (parameters.containsKey(request.path("Name").asText()) && !request.path("Overwrite").asBoolean()) {
                throw new SimulatedError(400, "ParameterAlreadyExists", "The parameter already exists.");
            }
            putParameter(request.path("Name").asText());
            return Map.of("Version", 1, "Tier", "Standard");
        }
        if (!action.equals("GetParameters")) {
            throw new SimulatedError(400, "UnknownOperationException", action + " is not simulated");
        }
        var found = new java.util.ArrayList<Map<String, Object>>();
        var invalid = new java.util.ArrayList<String>();
        for (JsonNode name : request.path("Names")) {
            String arn = parameters.get(name.asText());
            if (arn == null) {
                invalid.add(name.asText());
            } else {
                found.add(Map.of("Name", name.asText(), "ARN", arn, "Type", "SecureString", "Version", 1));
            }
        }
        return Map.of("Parameters", found, "InvalidParameters", invalid);
    }

    private Map<String, ?> elb(String action, Map<String, String> form) {
        if (!action.equals("DescribeLoadBalancers")) {
            throw new SimulatedError(400, "InvalidAction", action + " is not simulated");
        }
        String name = form.get("Names.member.1");
        String dns = loadBalancers.get(name);
        if (dns == null) {
            throw new SimulatedError(400, "LoadBalancerNotFound", "Load balancers '[" + name + "]' not found");
        }
        Map<String, Object> balancer = new LinkedHashMap<>();
        balancer.put("LoadBalancerArn", "arn:aws:elasticloadbalancing:" + REGION + ":" + ACCOUNT + ":loadbalancer/app/" + name + "/1");
        balancer.put("DNSName", dns);
        balancer.put("LoadBalancerName", name);
        balancer.put("Scheme", "internet-facing");
        balancer.put("State", Map.of("Code", "active"));
        balancer.put("Type", "application");
        return Map.of("LoadBalancers", java.util.List.of(balancer));
    }

    private static boolean isForm(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        return type != null && type.startsWith("application/x-www-form-urlencoded");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (!pair.isEmpty()) {
                String[] parts = pair.split("=", 2);
                form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return form;
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Stops the server, then fails if AWS's service models refuse any request it received. */
    @Override
    public void close() {
        server.close();
        requests.assertAllValid();
    }
}
