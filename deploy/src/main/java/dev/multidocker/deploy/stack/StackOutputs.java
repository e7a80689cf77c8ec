package dev.multidocker.deploy.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.multidocker.infra.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stacks' outputs, saved where the other commands read them, so no value travels by hand or in a
 * shell variable: {@code <target>.json} with every output, and picocli argument files the course's
 * commands take as {@code @file}: {@code java -jar deploy.jar fargate @.multi-docker/fargate.args --tag $SHA}.
 */
final class StackOutputs {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StackOutputs() {
    }

    /** Writes the files; returns their paths. {@code outputs} holds every stack's outputs, {@code account} the account id. */
    static List<Path> write(Path directory, Target target, Map<String, String> outputs, String account) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            Path all = directory.resolve(target.cliName() + ".json");
            Files.writeString(all, JSON.writeValueAsString(outputs) + "\n");
            written.add(all);
            Path command = directory.resolve(target.cliName() + ".args");
            Files.write(command, commandArguments(target, outputs, account));
            written.add(command);
            Path health = directory.resolve("health-" + target.cliName() + ".args");
            Files.write(health, List.of("--url", outputs.get("Url")));
            written.add(health);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the stack outputs to " + directory, e);
        }
        return written;
    }

    private static List<String> commandArguments(Target target, Map<String, String> outputs, String account) {
        return switch (target) {
            case BEANSTALK -> List.of("--application", outputs.get("ApplicationName"),
                "--environment", outputs.get("EnvironmentName"), "--url", outputs.get("Url"));
            case FARGATE -> {
                String targetGroupArn = outputs.get("TargetGroupArn");
                yield List.of("--cluster", outputs.get("ClusterName"), "--url", outputs.get("Url"),
                    "--var", "ACCOUNT_ID=" + account,
                    "--var", "PGHOST=" + outputs.get("PgHost"),
                    "--var", "REDIS_HOST=" + outputs.get("RedisHost"),
                    "--var", "SUBNET_A=" + outputs.get("SubnetA"),
                    "--var", "SUBNET_B=" + outputs.get("SubnetB"),
                    "--var", "SERVICE_SECURITY_GROUP=" + outputs.get("AppSecurityGroupId"),
                    "--var", "TARGET_GROUP_ID=" + targetGroupArn.substring(targetGroupArn.lastIndexOf('/') + 1));
            }
        };
    }
}
