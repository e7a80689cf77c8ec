package dev.multidocker.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multidocker.deploy.CliRun;
import dev.multidocker.deploy.ExitCode;
import dev.multidocker.deploy.sim.AwsSimulator;
import dev.multidocker.deploy.sim.SimulatedAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deploy stack} against the simulator's CloudFormation and tagging APIs, on templates synthesized once. */
class StackCommandTest {
    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    @TempDir
    static Path templates;
    @TempDir
    Path outputs;
    private AwsSimulator aws;

    @BeforeAll
    static void synthesizeOnce() {
        SimulatedAccount.useFakeCredentials();
        CliRun run = CliRun.of("stack", "synth", "--target", "fargate", "--project", PROJECT.toString(),
            "--out", templates.toString(), "--image-registry", "student", "--tag", "abc123");
        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.DEPLOYED);
    }

    @BeforeEach
    void start() {
        aws = new AwsSimulator();
        aws.putParameter("/multi-docker/PGPASSWORD");
        aws.putParameter("/multi-docker/otel-collector-config");
        aws.putParameter("/multi-docker/REDIS_PASSWORD");
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private CliRun stack(String action, String timeout, String... extra) {
        List<String> args = new ArrayList<>(List.of("stack", action, "--target", "fargate",
            "--region", "us-east-1", "--endpoint-url", aws.endpoint().toString(), "--poll-interval", "1ms",
            "--timeout", timeout, "--templates", templates.toString(), "--outputs-dir", outputs.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void synthWritesTheTemplatesOfTheTarget() {
        assertThat(templates.resolve("multi-docker-data.template.json")).isRegularFile();
        assertThat(templates.resolve("multi-docker-fargate.template.json")).isRegularFile();
    }

    @Test
    void upCreatesBothStacksShowingEventsAndSavesTheOutputsForTheFargateCommand() throws IOException {
        CliRun run = stack("up", "1m");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.DEPLOYED);
        assertThat(run.output()).contains("multi-docker-data DatabaseB269D8BB CREATE_COMPLETE");
        assertThat(run.output()).contains("multi-docker-fargate: CREATE_COMPLETE");
        List<String> arguments = Files.readAllLines(outputs.resolve("fargate.args"));
        assertThat(arguments).contains("ACCOUNT_ID=000000000000");
        assertThat(arguments).contains("TARGET_GROUP_ID=0123456789abcdef");
        assertThat(arguments).contains("PGHOST=pghost.simulated");
        assertThat(Files.readAllLines(outputs.resolve("health-fargate.args")))
            .containsExactly("--url", "http://multi-docker-fargate.example.test");
    }

    @Test
    void aFreshAccountGetsBothPasswordsGeneratedOnceAsSecureStrings() {
        aws.close();
        aws = new AwsSimulator();

        CliRun first = stack("up", "1m");
        CliRun second = stack("up", "1m");

        assertThat(first.exitCode()).as(first.output()).isEqualTo(ExitCode.DEPLOYED);
        assertThat(first.output()).contains("generated /multi-docker/PGPASSWORD (SecureString)");
        assertThat(first.output()).contains("generated /multi-docker/REDIS_PASSWORD (SecureString)");
        assertThat(second.exitCode()).as(second.output()).isEqualTo(ExitCode.DEPLOYED);
        assertThat(second.output()).doesNotContain("generated");
        assertThat(aws.calls("PutParameter")).isEqualTo(2);
    }

    @Test
    void aSecondUpWithNothingChangedChangesNothing() {
        assertThat(stack("up", "1m").exitCode()).isEqualTo(ExitCode.DEPLOYED);
        int executed = executions();

        CliRun again = stack("up", "1m");

        assertThat(again.exitCode()).as(again.output()).isEqualTo(ExitCode.DEPLOYED);
        assertThat(again.output()).contains("no changes");
        assertThat(executions()).isEqualTo(executed);
    }

    @Test
    void aResourceThatFailsRollsTheStackBackAndTheCommandFails() {
        aws.cloudFormation().failResource("multi-docker-fargate", "LoadBalancerBE9EEC3A");

        CliRun run = stack("up", "1m", "--json");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertThat(run.output()).contains("LoadBalancerBE9EEC3A CREATE_FAILED");
        assertThat(run.out()).contains("multi-docker-fargate ended in ROLLBACK_COMPLETE");
    }

    @Test
    void aStackThatNeverSettlesEndsAtTheDeadline() {
        aws.cloudFormation().neverSettle("multi-docker-data");

        CliRun run = stack("up", "2s");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.TIMED_OUT);
        assertThat(run.output()).contains("multi-docker-data (CREATE_IN_PROGRESS)");
    }

    @Test
    void aStackInProgressIsRefusedWithoutAnyChange() {
        aws.cloudFormation().existingStack("multi-docker-data", "UPDATE_IN_PROGRESS");

        for (String action : List.of("up", "down")) {
            CliRun run = stack(action, "1m");
            assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(run.output()).contains("multi-docker-data is UPDATE_IN_PROGRESS");
        }
        assertThat(aws.cloudFormation().mutatingCalls()).isEmpty();
    }

    @Test
    void anUnknownTargetIsRefusedBeforeAnyCall() {
        CliRun run = CliRun.of("stack", "up", "--target", "kubernetes", "--region", "us-east-1",
            "--endpoint-url", aws.endpoint().toString());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(run.output()).contains("unknown target 'kubernetes': use beanstalk or fargate");
        assertThat(aws.calls("DescribeStacks")).isZero();
    }

    /**
     * Credentials and region come from the SDK's chains (environment, profile files, instance metadata), which
     * this JVM has set up for the simulator: the CLI runs as a process of its own, in an environment without them.
     */
    @Test
    void withoutCredentialsOrARegionNothingIsCalled(@TempDir Path home) throws IOException, InterruptedException {
        CliRun noCredentials = cliProcess(home, Map.of(), "--region", "us-east-1");
        assertThat(noCredentials.exitCode()).as(noCredentials.output()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(noCredentials.output()).contains("no AWS credentials");

        CliRun noRegion = cliProcess(home, Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "example"));
        assertThat(noRegion.exitCode()).as(noRegion.output()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(noRegion.output()).contains("no AWS region: pass --region or set AWS_REGION");

        assertThat(aws.calls("DescribeStacks")).isZero();
        assertThat(aws.cloudFormation().mutatingCalls()).isEmpty();
    }

    private CliRun cliProcess(Path home, Map<String, String> environment, String... extra)
        throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), "dev.multidocker.deploy.DeployCli", "stack", "up",
            "--target", "fargate", "--endpoint-url", aws.endpoint().toString(), "--templates", templates.toString(),
            "--outputs-dir", outputs.toString()));
        command.addAll(List.of(extra));
        Path log = home.resolve("cli.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        // No profile files, and no instance metadata service to wait for.
        builder.environment().putAll(Map.of("HOME", home.toString(), "AWS_EC2_METADATA_DISABLED", "true"));
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the CLI did not stop within 2 minutes: " + Files.readString(log));
        }
        return new CliRun(process.exitValue(), Files.readString(log), "");
    }

    @Test
    void downDeletesTheTargetBeforeTheDataAndFindsNothingLeft() {
        assertThat(stack("up", "1m").exitCode()).isEqualTo(ExitCode.DEPLOYED);

        CliRun run = stack("down", "1m");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.DEPLOYED);
        List<String> deletions = aws.cloudFormation().mutatingCalls().stream().filter(c -> c.startsWith("DeleteStack")).toList();
        assertThat(deletions).containsExactly("DeleteStack multi-docker-fargate", "DeleteStack multi-docker-data");
        assertThat(aws.cloudFormation().stackNames()).isEmpty();
        assertThat(run.out()).contains("nothing tagged app=multi-docker is left billing");
    }

    @Test
    void downFailsWhileSomethingTaggedStillBillsAndNamesIt() {
        String snapshot = "arn:aws:rds:us-east-1:000000000000:snapshot:multi-docker-final";
        aws.tagging().put(snapshot, Map.of("app", "multi-docker"));
        aws.tagging().put("arn:aws:ssm:us-east-1:000000000000:parameter/multi-docker/PGPASSWORD", Map.of("app", "multi-docker"));
        aws.tagging().put("arn:aws:rds:us-east-1:000000000000:db:someone-elses", Map.of("app", "other"));

        CliRun run = stack("down", "1m", "--json");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out()).contains("1 resources tagged app=multi-docker still bill: " + snapshot);
        assertThat(run.out()).doesNotContain("someone-elses");
    }

    @Test
    void statusSaysWhatExistsAndRoughlyItsHourlyCost() {
        CliRun empty = stack("status", "1m");
        assertThat(empty.exitCode()).as(empty.output()).isEqualTo(ExitCode.DEPLOYED);
        assertThat(empty.out()).contains("no stack of the fargate target exists");

        assertThat(stack("up", "1m").exitCode()).isEqualTo(ExitCode.DEPLOYED);
        CliRun run = stack("status", "1m", "--json");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.DEPLOYED);
        double expected = HourlyCost.of("AWS::RDS::DBInstance") + HourlyCost.of("AWS::ElastiCache::ReplicationGroup")
            + HourlyCost.of("AWS::ElasticLoadBalancingV2::LoadBalancer") + 4 * HourlyCost.of("AWS::ECS::Service");
        assertThat(run.out()).contains("\"usdPerHour\" : " + Math.round(expected * 1000) / 1000.0);
        assertThat(run.out()).contains(HourlyCost.AS_OF);
    }

    private int executions() {
        return (int) aws.cloudFormation().mutatingCalls().stream().filter(c -> c.startsWith("ExecuteChangeSet")).count();
    }
}
