package dev.multidocker.deploy;

import dev.multidocker.deploy.beanstalk.BeanstalkCommand;
import dev.multidocker.deploy.cli.DurationConverter;
import dev.multidocker.deploy.fargate.FargateCommand;
import dev.multidocker.deploy.health.HealthCommand;
import dev.multidocker.deploy.stack.StackCommand;
import dev.multidocker.deploy.validate.ValidateCommand;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Entry point: {@code java -jar deploy.jar <command>}. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    version = "multi-docker deploy 1.0",
    description = "Validates the container files of multi-docker, checks its health and rolls it out to"
        + " Elastic Beanstalk or ECS Fargate.%n"
        + "Exit codes: 0 deployed and healthy, 1 deployment failed, 2 bad input or invalid files, 3 timed out.",
    subcommands = {ValidateCommand.class, HealthCommand.class, BeanstalkCommand.class, FargateCommand.class,
        StackCommand.class})
public final class DeployCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests so both run the same thing. */
    public static CommandLine commandLine() {
        return new CommandLine(new DeployCli())
            .registerConverter(Duration.class, new DurationConverter())
            .setExitCodeExceptionMapper(error -> ExitCode.INVALID_INPUT);
    }
}
