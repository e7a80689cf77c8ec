package dev.multidocker.deploy.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(ExitCode.DEPLOYED, run.exitCode(), run.output());
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
        assertTrue(Files.isRegularFile(templates.resolve("multi-docker-data.template.json")));
        assertTrue(Files.isRegularFile(templates.resolve("multi-docker-fargate.template.json")));
    }

    @Test
    void upCreatesBothStacksShowingEventsAndSavesTheOutputsForTheFargateCommand() throws IOException {
        CliRun run = stack("up", "1m");

        assertEquals(ExitCode.DEPLOYED, run.exitCode(), run.output());
        assertTrue(run.output().contains("multi-docker-data DatabaseB269D8BB CREATE_COMPLETE"), run.output());
        assertTrue(run.output().contains("multi-docker-fargate: CREATE_COMPLETE"), run.output());
        List<String> arguments = Files.readAllLines(outputs.resolve("fargate.args"));
        assertTrue(arguments.contains("ACCOUNT_ID=000000000000"), arguments.toString());
        assertTrue(arguments.contains("TARGET_GROUP_ID=0123456789abcdef"), arguments.toString());
        assertTrue(arguments.contains("PGHOST=pghost.simulated"), arguments.toString());
        assertEquals(List.of("--url", "http://multi-docker-fargate.example.test"),
            Files.readAllLines(outputs.resolve("health-fargate.args")));
    }

    @Test
    void aFreshAccountGetsBothPasswordsGeneratedOnceAsSecureStrings() {
        aws.close();
        aws = new AwsSimulator();

        CliRun first = stack("up", "1m");
        CliRun second = stack("up", "1m");

        assertEquals(ExitCode.DEPLOYED, first.exitCode(), first.output());
        assertTrue(first.output().contains("generated /multi-docker/PGPASSWORD (SecureString)"), first.output());
        assertTrue(first.output().contains("generated /multi-docker/REDIS_PASSWORD (SecureString)"), first.output());
        assertEquals(ExitCode.DEPLOYED, second.exitCode(), second.output());
        assertTrue(!second.output().contains("generated"), second.output());
        assertEquals(2, aws.calls("PutParameter"));
    }

    @Test
    void aSecondUpWithNothingChangedChangesNothing() {
        assertEquals(ExitCode.DEPLOYED, stack("up", "1m").exitCode());
        int executed = executions();

        CliRun again = stack("up", "1m");

        assertEquals(ExitCode.DEPLOYED, again.exitCode(), again.output());
        assertTrue(again.output().contains("no changes"), again.output());
        assertEquals(executed, executions());
    }

    @Test
    void aResourceThatFailsRollsTheStackBackAndTheCommandFails() {
        aws.cloudFormation().failResource("multi-docker-fargate", "LoadBalancerBE9EEC3A");

        CliRun run = stack("up", "1m", "--json");

        assertEquals(ExitCode.FAILED, run.exitCode(), run.output());
        assertTrue(run.output().contains("LoadBalancerBE9EEC3A CREATE_FAILED"), run.output());
        assertTrue(run.out().contains("multi-docker-fargate ended in ROLLBACK_COMPLETE"), run.out());
    }

    @Test
    void aStackThatNeverSettlesEndsAtTheDeadline() {
        aws.cloudFormation().neverSettle("multi-docker-data");

        CliRun run = stack("up", "2s");

        assertEquals(ExitCode.TIMED_OUT, run.exitCode(), run.output());
        assertTrue(run.output().contains("multi-docker-data (CREATE_IN_PROGRESS)"), run.output());
    }

    @Test
    void aStackInProgressIsRefusedWithoutAnyChange() {
        aws.cloudFormation().existingStack("multi-docker-data", "UPDATE_IN_PROGRESS");

        for (String action : List.of("up", "down")) {
            CliRun run = stack(action, "1m");
            assertEquals(ExitCode.INVALID_INPUT, run.exitCode(), run.output());
            assertTrue(run.output().contains("multi-docker-data is UPDATE_IN_PROGRESS"), run.output());
        }
        assertEquals(List.of(), aws.cloudFormation().mutatingCalls());
    }

    @Test
    void anUnknownTargetIsRefusedBeforeAnyCall() {
        CliRun run = CliRun.of("stack", "up", "--target", "kubernetes", "--region", "us-east-1",
            "--endpoint-url", aws.endpoint().toString());

        assertEquals(ExitCode.INVALID_INPUT, run.exitCode(), run.output());
        assertTrue(run.output().contains("unknown target 'kubernetes': use beanstalk or fargate"), run.output());
        assertEquals(0, aws.calls("DescribeStacks"));
    }

    /**
     * Credentials and region come from the SDK's chains (environment, profile files, instance metadata), which
     * this JVM has set up for the simulator: the CLI runs as a process of its own, in an environment without them.
     */
    @Test
    void withoutCredentialsOrARegionNothingIsCalled(@TempDir Path home) throws IOException, InterruptedException {
        CliRun noCredentials = cliProcess(home, Map.of(), "--region", "us-east-1");
        assertEquals(ExitCode.INVALID_INPUT, noCredentials.exitCode(), noCredentials.output());
        assertTrue(noCredentials.output().contains("no AWS credentials"), noCredentials.output());

        CliRun noRegion = cliProcess(home, Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "example"));
        assertEquals(ExitCode.INVALID_INPUT, noRegion.exitCode(), noRegion.output());
        assertTrue(noRegion.output().contains("no AWS region: pass --region or set AWS_REGION"), noRegion.output());

        assertEquals(0, aws.calls("DescribeStacks"));
        assertEquals(List.of(), aws.cloudFormation().mutatingCalls());
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
        assertEquals(ExitCode.DEPLOYED, stack("up", "1m").exitCode());

        CliRun run = stack("down", "1m");

        assertEquals(ExitCode.DEPLOYED, run.exitCode(), run.output());
        List<String> deletions = aws.cloudFormation().mutatingCalls().stream().filter(c -> c.startsWith("DeleteStack")).toList();
        assertEquals(List.of("DeleteStack multi-docker-fargate", "DeleteStack multi-docker-data"), deletions);
        assertEquals(java.util.Set.of(), aws.cloudFormation().stackNames());
        assertTrue(run.out().contains("nothing tagged app=multi-docker is left billing"), run.out());
    }

    @Test
    void downFailsWhileSomethingTaggedStillBillsAndNamesIt() {
        String snapshot = "arn:aws:rds:us-east-1:000000000000:snapshot:multi-docker-final";
        aws.tagging().put(snapshot, Map.of("app", "multi-docker"));
        aws.tagging().put("arn:aws:ssm:us-east-1:000000000000:parameter/multi-docker/PGPASSWORD", Map.of("app", "multi-docker"));
        aws.tagging().put("arn:aws:rds:us-east-1:000000000000:db:someone-elses", Map.of("app", "other"));

        CliRun run = stack("down", "1m", "--json");

        assertEquals(ExitCode.FAILED, run.exitCode(), run.output());
        assertTrue(run.out().contains("1 resources tagged app=multi-docker still bill: " + snapshot), run.out());
        assertTrue(!run.out().contains("someone-elses"), run.out());
    }

    @Test
    void statusSaysWhatExistsAndRoughlyItsHourlyCost() {
        CliRun empty = stack("status", "1m");
        assertEquals(ExitCode.DEPLOYED, empty.exitCode(), empty.output());
        assertTrue(empty.out().contains("no stack of the fargate target exists"), empty.out());

        assertEquals(ExitCode.DEPLOYED, stack("up", "1m").exitCode());
        CliRun run = stack("status", "1m", "--json");

        assertEquals(ExitCode.DEPLOYED, run.exitCode(), run.output());
        double expected = HourlyCost.of("AWS::RDS::DBInstance") + HourlyCost.of("AWS::ElastiCache::ReplicationGroup")
            + HourlyCost.of("AWS::ElasticLoadBalancingV2::LoadBalancer") + 4 * HourlyCost.of("AWS::ECS::Service");
        assertTrue(run.out().contains("\"usdPerHour\" : " + Math.round(expected * 1000) / 1000.0), run.out());
        assertTrue(run.out().contains(HourlyCost.AS_OF), run.out());
    }

    private int executions() {
        return (int) aws.cloudFormation().mutatingCalls().stream().filter(c -> c.startsWith("ExecuteChangeSet")).count();
    }
}
