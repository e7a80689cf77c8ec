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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stack up --target beanstalk} picks the newest AL2023 ECS platform and saves what {@code beanstalk} needs. */
class BeanstalkStackUpTest {
    @TempDir
    Path templates;
    @TempDir
    Path outputs;

    @Test
    void upRunsOnTheNewestAl2023EcsPlatformAndSavesTheBeanstalkArguments() throws IOException {
        SimulatedAccount.useFakeCredentials();
        try (AwsSimulator aws = new AwsSimulator()) {
            aws.putParameter("/multi-docker/PGPASSWORD");
            aws.putParameter("/multi-docker/REDIS_PASSWORD");

            CliRun run = CliRun.of("stack", "up", "--target", "beanstalk", "--project", Path.of("..").toAbsolutePath().toString(),
                "--region", "us-east-1", "--endpoint-url", aws.endpoint().toString(), "--poll-interval", "1ms",
                "--outputs-dir", outputs.toString());

            assertEquals(ExitCode.DEPLOYED, run.exitCode(), run.output());
            // v4.10.1 sorts after v4.9.3; AL2 and the Docker platform are not candidates.
            assertTrue(run.output().contains("platform: 64bit Amazon Linux 2023 v4.10.1 running ECS"), run.output());
            assertTrue(run.output().contains("multi-docker-beanstalk: CREATE_COMPLETE"), run.output());
            assertEquals(List.of("--application", "multi-docker", "--environment", "MultiDocker-env",
                "--url", "http://multi-docker-beanstalk.example.test"), Files.readAllLines(outputs.resolve("beanstalk.args")));
        }
    }

    @Test
    void aPlatformThatIsNotAl2023EcsIsRefused() {
        CliRun run = CliRun.of("stack", "up", "--target", "beanstalk", "--region", "us-east-1",
            "--endpoint-url", "http://127.0.0.1:9", "--solution-stack", "64bit Amazon Linux 2 v3.9.0 running ECS",
            "--templates", templates.toString());

        assertEquals(ExitCode.INVALID_INPUT, run.exitCode(), run.output());
        assertTrue(run.output().contains("is not an Amazon Linux 2023 ECS platform"), run.output());
    }
}
