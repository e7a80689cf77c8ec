package dev.multidocker.deploy.beanstalk;

import dev.multidocker.deploy.cli.Console;
import dev.multidocker.deploy.cli.Stop;
import java.nio.file.Path;

/**
 * The bundle must suit the environment's platform, whose solution stack names read
 * {@code 64bit Amazon Linux 2023 v4.x.y running ECS} (Dockerrun v2) or {@code ... running Docker} (docker
 * compose). Sent to the other platform, the bundle fails in Beanstalk's own deployment, long after the upload.
 */
final class BundlePlatform {
    private BundlePlatform() {
    }

    static void check(Path bundle, String environment, String solutionStack, Console console) {
        if (solutionStack == null) {
            return;
        }
        boolean dockerrun = bundle.getFileName().toString().endsWith(".json");
        if (dockerrun && solutionStack.endsWith(" running Docker")) {
            throw Stop.invalidInput(environment + " runs '" + solutionStack + "', which takes a docker compose bundle:"
                + " use --bundle docker-compose.prod.yml, or create the environment on 'ECS running on 64bit Amazon Linux 2023'");
        }
        if (!dockerrun && solutionStack.endsWith(" running ECS")) {
            throw Stop.invalidInput(environment + " runs '" + solutionStack + "', which takes Dockerrun.aws.json v2:"
                + " use --bundle Dockerrun.aws.json, or create the environment on 'Docker running on 64bit Amazon Linux 2023'");
        }
        if (solutionStack.contains("Amazon Linux 2 ")) {
            console.progress("warning: " + environment + " runs '" + solutionStack + "': Amazon Linux 2 reached end of"
                + " support on 2026-06-30; create a new environment on Amazon Linux 2023");
        }
    }
}
