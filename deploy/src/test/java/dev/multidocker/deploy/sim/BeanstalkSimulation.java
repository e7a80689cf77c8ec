package dev.multidocker.deploy.sim;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Elastic Beanstalk application with one environment, its application versions and its events. The course of
 * an UpdateEnvironment is scripted ({@link Update}); each DescribeEnvironments advances it by one step.
 */
public final class BeanstalkSimulation {
    /** Names as Beanstalk lists them (Elastic Beanstalk Platforms guide, "Supported platforms"), old and current. */
    private static final List<String> SOLUTION_STACKS = List.of(
        "64bit Amazon Linux 2 v3.9.0 running ECS", "64bit Amazon Linux 2023 v4.9.3 running ECS",
        "64bit Amazon Linux 2023 v4.10.1 running ECS", "64bit Amazon Linux 2023 v4.10.1 running Docker");

    /** How the next UpdateEnvironment goes. */
    public enum Update {
        /** Updating, then Ready on the new version, Green. */
        DEPLOYS,
        /** Ready on the new version, but health goes Red / Degraded and stays there. */
        GOES_RED,
        /** An ERROR event ("Failed to deploy application."), then Ready on the old version. */
        FAILS_WITH_ERROR_EVENT,
        /** Updating forever. */
        NEVER_FINISHES
    }

    private record Event(Instant date, String severity, String message) {
    }

    private static final String DISABLE_IMDS_V1 = "aws:autoscaling:launchconfiguration:DisableIMDSv1";

    private final S3Simulation s3;
    private final Map<String, String> environment = new LinkedHashMap<>();
    /** Namespace:OptionName → value of the environment's option settings that the launch template rule reads. */
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> versions = new LinkedHashMap<>();
    private final List<Event> events = new ArrayList<>();
    private final Deque<Runnable> steps = new ArrayDeque<>();
    private final Deque<Update> script = new ArrayDeque<>();
    private String application;

    BeanstalkSimulation(S3Simulation s3) {
        this.s3 = s3;
    }

    /** An environment that is Ready and Green on {@code versionLabel}, reachable at {@code cname}. */
    public synchronized void addEnvironment(String applicationName, String environmentName, String versionLabel, String cname) {
        application = applicationName;
        versions.put(versionLabel, Map.of("ApplicationName", applicationName, "VersionLabel", versionLabel, "Status", "PROCESSED"));
        environment.put("EnvironmentName", environmentName);
        environment.put("EnvironmentId", "e-simulated1");
        environment.put("ApplicationName", applicationName);
        environment.put("VersionLabel", versionLabel);
        environment.put("SolutionStackName", "64bit Amazon Linux 2023 v4.4.0 running ECS");
        environment.put("EndpointURL", cname);
        environment.put("CNAME", cname);
        environment.put("DateUpdated", timestamp(Instant.now()));
        environment.put("Status", "Ready");
        environment.put("Health", "Green");
        environment.put("HealthStatus", "Ok");
        // It exists on an account created today, so it was launched with a launch template.
        settings.put(DISABLE_IMDS_V1, "true");
    }

    /** The environment's platform, e.g. {@code 64bit Amazon Linux 2023 v4.4.0 running Docker} for the compose bundle. */
    public synchronized void runsOn(String solutionStack) {
        environment.put("SolutionStackName", solutionStack);
    }

    /** The environment is busy with an earlier update for the next {@code polls} status reads. */
    public synchronized void busyFor(int polls) {
        environment.put("Status", "Updating");
        for (int i = 1; i < polls; i++) {
            steps.add(() -> { });
        }
        steps.add(() -> {
            environment.put("Status", "Ready");
            event("INFO", "Environment update completed successfully.");
        });
    }

    public synchronized void script(Update... updates) {
        script.addAll(List.of(updates));
    }

    public synchronized String versionLabel() {
        return environment.get("VersionLabel");
    }

    public synchronized List<String> versionLabels() {
        return List.copyOf(versions.keySet());
    }

    /** The S3 location of the bundle of {@code versionLabel}, as CreateApplicationVersion recorded it. */
    @SuppressWarnings("unchecked")
    public synchronized Map<String, String> sourceBundle(String versionLabel) {
        return (Map<String, String>) versions.get(versionLabel).get("SourceBundle");
    }

    synchronized Map<String, ?> handle(String action, Map<String, String> form) {
        return switch (action) {
            case "ListAvailableSolutionStacks" -> Map.of("SolutionStacks", SOLUTION_STACKS);
            case "CreateStorageLocation" -> createStorageLocation();
            case "CreateApplicationVersion" -> Map.of("ApplicationVersion", createVersion(form));
            case "DescribeEnvironments" -> {
                Runnable step = steps.poll();
                if (step != null) {
                    step.run();
                }
                boolean named = environment.get("EnvironmentName").equals(form.get("EnvironmentNames.member.1"));
                yield Map.of("Environments", named ? List.of(Map.copyOf(environment)) : List.of());
            }
            case "CreateEnvironment" -> create(form);
            case "UpdateEnvironment" -> update(form);
            case "DescribeEvents" -> Map.of("Events", events(form));
            default -> throw new SimulatedError(400, "InvalidAction", action + " is not simulated");
        };
    }

    /**
     * A new environment. Every account created since October 2024 cannot create Auto Scaling launch
     * configurations, and Beanstalk makes one unless an option asks for a launch template (Elastic Beanstalk
     * Developer Guide, "Launch templates" under the Auto Scaling group of an environment: DisableIMDSv1=true,
     * RootVolumeType=gp3, EnableSpot=true). CreateEnvironment itself is accepted; the stack then fails, and the
     * environment's events carry Auto Scaling's UnsupportedOperationException in the wording of AWS's deprecation
     * notice and of the errors users report (aws/elastic-beanstalk-roadmap#271).
     */
    private Map<String, ?> create(Map<String, String> form) {
        String name = form.get("EnvironmentName");
        if (name.equals(environment.get("EnvironmentName"))) {
            throw new SimulatedError(400, "InvalidParameterValue", "Environment " + name + " already exists.");
        }
        application = form.get("ApplicationName");
        environment.clear();
        environment.put("EnvironmentName", name);
        environment.put("EnvironmentId", "e-simulated2");
        environment.put("ApplicationName", application);
        environment.put("SolutionStackName", form.get("SolutionStackName"));
        environment.put("CNAME", name.toLowerCase(java.util.Locale.ROOT) + "." + AwsSimulator.REGION + ".elasticbeanstalk.com");
        environment.put("DateCreated", timestamp(Instant.now()));
        environment.put("DateUpdated", timestamp(Instant.now()));
        environment.put("Status", "Launching");
        environment.put("Health", "Grey");
        event("INFO", "createEnvironment is starting.");
        settings.clear();
        settings.putAll(optionSettings(form));
        if (usesLaunchTemplate(settings)) {
            steps.add(() -> event("INFO", "Created EC2 launch template."));
            steps.add(() -> {
                environment.put("Status", "Ready");
                environment.put("Health", "Green");
                environment.put("HealthStatus", "Ok");
                event("INFO", "Successfully launched environment: " + name);
            });
        } else {
            steps.add(() -> launchConfigurationRefused("Creating"));
            steps.add(() -> {
                environment.put("Status", "Ready");
                environment.put("Health", "Grey");
                event("ERROR", "Launched environment: " + name + ". However, there were issues during launch. See event log for details.");
            });
        }
        return Map.copyOf(environment);
    }

    private void launchConfigurationRefused(String step) {
        event("ERROR", step + " Auto Scaling launch configuration failed Reason: Resource handler returned message: \"The"
            + " Launch Configuration creation operation is not available in your account. Use launch templates to create"
            + " configuration templates for your Auto Scaling groups. (Service: AutoScaling, Status Code: 400)\""
            + " (HandlerErrorCode: GeneralServiceException)");
    }

    /**
     * An update of option settings alone. One that leaves no launch template option would make Beanstalk go back
     * to a launch configuration, which the same rule refuses: the update fails and the settings stay as they were.
     */
    private Map<String, ?> updateSettings(Map<String, String> form) {
        Map<String, String> merged = new LinkedHashMap<>(settings);
        merged.putAll(optionSettings(form));
        environment.put("Status", "Updating");
        event("INFO", "Environment update is starting.");
        if (usesLaunchTemplate(merged)) {
            settings.putAll(merged);
            steps.add(() -> {
                environment.put("Status", "Ready");
                event("INFO", "Environment update completed successfully.");
            });
        } else {
            steps.add(() -> launchConfigurationRefused("Updating"));
            steps.add(() -> {
                environment.put("Status", "Ready");
                event("ERROR", "Failed to deploy configuration.");
            });
        }
        return Map.copyOf(environment);
    }

    /** The option settings of a Query request: OptionSettings.member.N.Namespace/OptionName/Value. */
    private static Map<String, String> optionSettings(Map<String, String> form) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 1; form.containsKey("OptionSettings.member." + i + ".OptionName"); i++) {
            String prefix = "OptionSettings.member." + i + ".";
            settings.put(form.get(prefix + "Namespace") + ":" + form.get(prefix + "OptionName"), form.getOrDefault(prefix + "Value", ""));
        }
        return settings;
    }

    private static boolean usesLaunchTemplate(Map<String, String> settings) {
        return "true".equalsIgnoreCase(settings.get(DISABLE_IMDS_V1))
            || "gp3".equals(settings.get("aws:autoscaling:launchconfiguration:RootVolumeType"))
            || "true".equalsIgnoreCase(settings.get("aws:ec2:instances:EnableSpot"));
    }

    private Map<String, ?> createStorageLocation() {
        String bucket = "elasticbeanstalk-" + AwsSimulator.REGION + "-" + AwsSimulator.ACCOUNT;
        s3.createBucket(bucket);
        return Map.of("S3Bucket", bucket);
    }

    private Map<String, Object> createVersion(Map<String, String> form) {
        String label = form.get("VersionLabel");
        if (!form.get("ApplicationName").equals(application)) {
            throw new SimulatedError(400, "InvalidParameterValue", "No Application named '" + form.get("ApplicationName") + "' found.");
        }
        if (versions.containsKey(label)) {
            throw new SimulatedError(400, "InvalidParameterValue", "Application Version " + label + " already exists.");
        }
        String bucket = form.get("SourceBundle.S3Bucket");
        String key = form.get("SourceBundle.S3Key");
        if (!s3.exists(bucket, key)) {
            throw new SimulatedError(400, "InvalidParameterCombination", "Unable to download from S3 location (Bucket: "
                + bucket + " Key: " + key + "). Reason: Not Found");
        }
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("ApplicationName", application);
        version.put("VersionLabel", label);
        version.put("SourceBundle", Map.of("S3Bucket", bucket, "S3Key", key));
        version.put("DateCreated", timestamp(Instant.now()));
        version.put("Status", "PROCESSED");
        versions.put(label, version);
        return version;
    }

    private Map<String, ?> update(Map<String, String> form) {
        if (!"Ready".equals(environment.get("Status"))) {
            throw new SimulatedError(400, "InvalidParameterValue", "Environment named " + environment.get("EnvironmentName")
                + " is in an invalid state for this operation. Must be Ready.");
        }
        if (!form.containsKey("VersionLabel") && form.containsKey("OptionSettings.member.1.OptionName")) {
            return updateSettings(form);
        }
        String label = form.get("VersionLabel");
        if (!versions.containsKey(label)) {
            throw new SimulatedError(400, "InvalidParameterValue", "No Application Version named '" + label + "' found.");
        }
        String previous = environment.get("VersionLabel");
        environment.put("Status", "Updating");
        environment.put("DateUpdated", timestamp(Instant.now()));
        event("INFO", "Environment update is starting.");
        Update update = script.isEmpty() ? Update.DEPLOYS : script.poll();
        steps.add(() -> event("INFO", "Deploying new version to instance(s)."));
        switch (update) {
            case DEPLOYS -> steps.add(() -> {
                ready(label, "Green", "Ok");
                event("INFO", "New application version was deployed to running EC2 instances.");
                event("INFO", "Environment update completed successfully.");
            });
            case GOES_RED -> steps.add(() -> {
                ready(label, "Red", "Degraded");
                event("WARN", "Environment health has transitioned from Ok to Degraded. 100.0 % of the requests are failing with HTTP 5xx.");
            });
            case FAILS_WITH_ERROR_EVENT -> {
                steps.add(() -> event("ERROR", "Failed to deploy application."));
                steps.add(() -> {
                    ready(previous, "Green", "Ok");
                    event("ERROR", "During an aborted deployment, some instances may have deployed the new application version.");
                });
            }
            case NEVER_FINISHES -> { }
        }
        Map<String, String> answer = new LinkedHashMap<>(environment);
        answer.put("VersionLabel", label);
        return answer;
    }

    private void ready(String label, String health, String healthStatus) {
        environment.put("VersionLabel", label);
        environment.put("Status", "Ready");
        environment.put("Health", health);
        environment.put("HealthStatus", healthStatus);
    }

    private List<Map<String, String>> events(Map<String, String> form) {
        Instant since = form.containsKey("StartTime") ? Instant.parse(form.get("StartTime")) : Instant.EPOCH;
        return events.stream()
            .filter(e -> !e.date().isBefore(since))
            .sorted(Comparator.comparing(Event::date).reversed())
            .map(e -> Map.of("EventDate", timestamp(e.date()), "Severity", e.severity(), "Message", e.message(),
                "ApplicationName", application, "EnvironmentName", environment.get("EnvironmentName")))
            .toList();
    }

    private void event(String severity, String message) {
        events.add(new Event(Instant.now().truncatedTo(ChronoUnit.MILLIS), severity, message));
    }

    private static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
