package dev.multidocker.deploy.beanstalk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multidocker.deploy.CliRun;
import dev.multidocker.deploy.ExitCode;
import dev.multidocker.deploy.sim.AwsSimulator;
import dev.multidocker.deploy.sim.BeanstalkSimulation.Update;
import dev.multidocker.deploy.sim.FakeFibApp;
import dev.multidocker.deploy.sim.SimulatedAccount;
import dev.multidocker.deploy.validate.ProjectFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The beanstalk command end to end: real SDK clients through the CLI's entry point against the AWS simulator. */
class BeanstalkCommandTest {
    private static final String APPLICATION = "multi-docker";
    private static final String ENVIRONMENT = "MultiDocker-env";
    private static final String PREVIOUS = "v0-course";

    @TempDir
    Path dir;

    private AwsSimulator aws;
    private FakeFibApp app;

    @BeforeAll
    static void credentials() {
        SimulatedAccount.useFakeCredentials();
    }

    @BeforeEach
    void start() {
        aws = new AwsSimulator().signInAs(ProjectFixture.REPO.resolve("aws/iam/beanstalk-deploy-user.json"));
        app = new FakeFibApp();
        aws.beanstalk().addEnvironment(APPLICATION, ENVIRONMENT, PREVIOUS, app.hostAndPort());
    }

    @AfterEach
    void stop() {
        aws.close();
        app.close();
    }

    private CliRun beanstalkWith(String bundle, String timeout, String... extra) {
        List<String> args = new ArrayList<>(List.of("beanstalk", "--application", APPLICATION, "--environment", ENVIRONMENT,
            "--bundle", bundle, "--version-label", "v1-3f2a9c1", "--tag", "3f2a9c1",
            "--region", "us-east-1", "--endpoint-url", aws.endpoint().toString(),
            "--poll-interval", "10ms", "--timeout", timeout, "--health-grace", "100ms", "--smoke-index", "7"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private CliRun beanstalk(String... extra) {
        return beanstalkWith(ProjectFixture.REPO.resolve("Dockerrun.aws.json").toString(), "30s", extra);
    }

    private static void assertOutput(CliRun run, String... fragments) {
        for (String fragment : fragments) {
            assertThat(run.output()).contains(fragment);
        }
    }

    private Map<String, String> bundleEntries() throws IOException {
        Map<String, String> location = aws.beanstalk().sourceBundle("v1-3f2a9c1");
        byte[] zip = aws.s3().object(location.get("S3Bucket"), location.get("S3Key"));
        Map<String, String> entries = new java.util.LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    @Test
    void happyPathWithDockerrunUploadsDeploysAndChecksHealth() throws Exception {
        CliRun run = beanstalk();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.DEPLOYED);
        assertThat(aws.beanstalk().versionLabel()).isEqualTo("v1-3f2a9c1");
        assertOutput(run, "uploaded Dockerrun.aws.json as s3://elasticbeanstalk-us-east-1-000000000000/multi-docker/v1-3f2a9c1.zip",
            "INFO New application version was deployed to running EC2 instances.",
            "MultiDocker-env: Ready on v1-3f2a9c1 with health Green/Ok", "smoke test: index 7 = 21",
            "SUCCEEDED: MultiDocker-env: v1-3f2a9c1 deployed and healthy at http://" + app.hostAndPort());
        JsonNode dockerrun = new ObjectMapper().readTree(bundleEntries().get("Dockerrun.aws.json"));
        assertThat(dockerrun.path("AWSEBDockerrunVersion").asInt()).isEqualTo(2);
        assertThat(dockerrun.path("containerDefinitions").get(1).path("image").asText()).isEqualTo("multidocker/multi-server:3f2a9c1");
        assertThat(dockerrun.path("containerDefinitions").get(1).path("hostname").asText()).isEqualTo("api");
        assertThat(dockerrun.path("containerDefinitions").get(4).path("image").asText()).as("the collector's image, not CI's")
            .isEqualTo("public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3");
    }

    @Test
    void happyPathWithTheComposeBundleOfTheCurrentPlatform() throws Exception {
        aws.beanstalk().runsOn("64bit Amazon Linux 2023 v4.4.0 running Docker");
        CliRun run = beanstalkWith(ProjectFixture.REPO.resolve("docker-compose.prod.yml").toString(), "30s");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.DEPLOYED);
        String compose = bundleEntries().get("docker-compose.yml");
        assertThat(compose).contains("image: multidocker/multi-worker:3f2a9c1");
        assertThat(compose).contains("PGPASSWORD=${PGPASSWORD}");
    }

    @Test
    void aBundleForTheOtherPlatformIsRefusedBeforeTheUpload() {
        aws.beanstalk().runsOn("64bit Amazon Linux 2023 v4.4.0 running Docker");

        CliRun run = beanstalk();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.INVALID_INPUT);
        assertOutput(run, "runs '64bit Amazon Linux 2023 v4.4.0 running Docker', which takes a docker compose bundle");
        assertThat(aws.calls("PutObject")).isZero();
    }

    @Test
    void anAmazonLinux2EnvironmentIsWarnedAbout() {
        aws.beanstalk().runsOn("64bit Amazon Linux 2 v3.5.0 running ECS");

        CliRun run = beanstalk();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.DEPLOYED);
        assertOutput(run, "Amazon Linux 2 reached end of support on 2026-06-30");
    }

    @Test
    void aBusyEnvironmentIsWaitedForBeforeTheUpdate() {
        aws.beanstalk().busyFor(3);

        CliRun run = beanstalk();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.DEPLOYED);
        assertOutput(run, "MultiDocker-env is Updating; waiting until it is Ready");
        assertThat(aws.calls("UpdateEnvironment")).as("an update was sent while the environment was busy").isEqualTo(1);
    }

    @Test
    void aNewVersionThatGoesRedFailsAndRollsBackWhenAsked() {
        aws.beanstalk().script(Update.GOES_RED);

        CliRun run = beanstalk("--rollback");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertOutput(run, "version v1-3f2a9c1 is deployed but health stayed Red/Degraded for 100ms",
            "rolling back MultiDocker-env to v0-course", "rollback COMPLETED: MultiDocker-env runs v0-course");
        assertThat(aws.beanstalk().versionLabel()).isEqualTo(PREVIOUS);
    }

    @Test
    void anErrorEventDuringTheUpdateIsAFailureEvenThoughTheEnvironmentIsReadyAndGreen() {
        aws.beanstalk().script(Update.FAILS_WITH_ERROR_EVENT);

        CliRun run = beanstalk();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertOutput(run, "ERROR Failed to deploy application.",
            "FAILED: MultiDocker-env: the update reported an error: Failed to deploy application.");
        assertThat(run.output()).doesNotContain("SUCCEEDED");
    }

    @Test
    void anUpdateThatNeverFinishesTimesOutWithinTheDeadline() {
        aws.beanstalk().script(Update.NEVER_FINISHES);
        Instant start = Instant.now();

        CliRun run = beanstalkWith(ProjectFixture.REPO.resolve("Dockerrun.aws.json").toString(), "1s", "--rollback", "--rollback-timeout", "300ms");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.TIMED_OUT);
        assertThat(Duration.between(start, Instant.now()).toSeconds()).as("the overall deadline was not kept").isLessThan(10);
        assertOutput(run, "TIMED-OUT: timed out after 1s waiting for MultiDocker-env to run v1-3f2a9c1 healthily (now Updating",
            "rollback FAILED: timed out after 300ms waiting for MultiDocker-env to be Ready");
    }

    @Test
    void throttledCallsAreRetriedBySdk() {
        aws.throttle("DescribeEnvironments", 2);
        aws.throttle("CreateApplicationVersion", 1);

        CliRun run = beanstalk();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.DEPLOYED);
        assertThat(aws.calls("CreateApplicationVersion")).isEqualTo(2);
        assertThat(aws.beanstalk().versionLabels()).containsExactly(PREVIOUS, "v1-3f2a9c1");
    }

    @Test
    void anInvalidDockerrunIsRejectedBeforeAnyUpload() {
        ProjectFixture fixture = ProjectFixture.copy(dir)
            .editJson("Dockerrun.aws.json", tree -> tree.put("AWSEBDockerrunVersion", "2"))
            .editJson("Dockerrun.aws.json", tree -> ProjectFixture.container(tree, "client").remove("memory"));

        CliRun run = beanstalkWith(fixture.root().resolve("Dockerrun.aws.json").toString(), "30s");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.INVALID_INPUT);
        assertOutput(run, "Dockerrun.aws.json: field 'AWSEBDockerrunVersion': must be the number 2",
            "Dockerrun.aws.json: container 'client' field 'memory'");
        assertThat(aws.calls("PutObject")).isZero();
    }

    @Test
    void anUnknownEnvironmentIsBadInput() {
        CliRun run = CliRun.of("beanstalk", "--application", APPLICATION, "--environment", "Nope-env",
            "--bundle", ProjectFixture.REPO.resolve("Dockerrun.aws.json").toString(),
            "--region", "us-east-1", "--endpoint-url", aws.endpoint().toString());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.INVALID_INPUT);
        assertOutput(run, "application multi-docker has no environment Nope-env");
    }

    @Test
    void jsonResultCarriesVersionsAndEvents() throws Exception {
        CliRun run = beanstalk("--json");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.DEPLOYED);
        JsonNode result = new ObjectMapper().readTree(run.out());
        assertThat(result.path("status").asText()).isEqualTo("succeeded");
        assertThat(result.path("versionLabel").asText()).isEqualTo("v1-3f2a9c1");
        assertThat(result.path("previousVersionLabel").asText()).isEqualTo(PREVIOUS);
        assertThat(result.path("events").toString()).as(run.out()).contains("Environment update completed successfully.");
    }
}
