package dev.multidocker.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multidocker.deploy.CliRun;
import dev.multidocker.deploy.ExitCode;
import dev.multidocker.deploy.sim.AwsSimulator;
import dev.multidocker.deploy.sim.SimulatedAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

            assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.DEPLOYED);
            // v4.10.1 sorts after v4.9.3; AL2 and the Docker platform are not candidates.
            assertThat(run.output()).contains("platform: 64bit Amazon Linux 2023 v4.10.1 running ECS");
            assertThat(run.output()).contains("multi-docker-beanstalk: CREATE_COMPLETE");
            assertThat(Files.readAllLines(outputs.resolve("beanstalk.args"))).containsExactly("--application", "multi-docker",
                "--environment", "MultiDocker-env", "--url", "http://multi-docker-beanstalk.example.test");
        }
    }

    @Test
    void aPlatformThatIsNotAl2023EcsIsRefused() {
        CliRun run = CliRun.of("stack", "up", "--target", "beanstalk", "--region", "us-east-1",
            "--endpoint-url", "http://127.0.0.1:9", "--solution-stack", "64bit Amazon Linux 2 v3.9.0 running ECS",
            "--templates", templates.toString());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(run.output()).contains("is not an Amazon Linux 2023 ECS platform");
    }
}
