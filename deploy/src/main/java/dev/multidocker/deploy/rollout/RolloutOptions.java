package dev.multidocker.deploy.rollout;

import dev.multidocker.deploy.aws.AwsOptions;
import dev.multidocker.deploy.cli.Console;
import dev.multidocker.deploy.cli.Deadline;
import dev.multidocker.deploy.cli.PollingOptions;
import dev.multidocker.deploy.cli.Stop;
import dev.multidocker.deploy.health.HealthCheck;
import dev.multidocker.deploy.health.HealthCommand;
import dev.multidocker.deploy.health.SmokeOptions;
import dev.multidocker.deploy.images.ImageRenderer;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What the Beanstalk and Fargate rollouts share: where AWS is, images, rollback, and the health check that ends them. */
public final class RolloutOptions {
    @Option(names = "--image-registry", description = "Registry/owner of the images, e.g. your Docker ID or 123456789012.dkr.ecr.eu-west-1.amazonaws.com (default: as in the files).")
    private String imageRegistry;

    @Option(names = "--rollback", description = "On failure or timeout, return to what ran before.")
    private boolean rollback;

    @Option(names = "--rollback-timeout", defaultValue = "30m", description = "Limit for the rollback itself (default: ${DEFAULT-VALUE}).")
    private Duration rollbackTimeout;

    @Option(names = "--url", description = "Public URL for the health check (default: the environment's CNAME or the load balancer's DNS name).")
    private String url;

    @Option(names = "--skip-health", description = "Do not check health after the rollout (the result says so).")
    private boolean skipHealth;

    @Mixin
    private AwsOptions aws;

    @Mixin
    private PollingOptions polling;

    @Mixin
    private SmokeOptions smoke;

    public AwsOptions aws() {
        return aws;
    }

    public Duration pollInterval() {
        return polling.pollInterval();
    }

    public ImageRenderer images(Optional<String> tag) {
        return new ImageRenderer(Optional.ofNullable(imageRegistry), tag);
    }

    /**
     * Runs the rollout; when it fails or times out and --rollback was given, runs the rollback (which returns what
     * now runs) within its own limit, then reports the rollout's failure all the same.
     */
    public String withRollback(Console console, Supplier<String> rolloutStep, Function<Deadline, String> rollbackStep) {
        try {
            return rolloutStep.get();
        } catch (Stop failure) {
            if (!rollback) {
                console.detail("rollback", "not requested");
                throw failure;
            }
            try {
                String restored = rollbackStep.apply(Deadline.after(rollbackTimeout));
                console.detail("rollback", "completed");
                console.progress("rollback COMPLETED: " + restored);
            } catch (Stop rollbackFailure) {
                console.detail("rollback", "failed: " + rollbackFailure.getMessage());
                console.progress("rollback FAILED: " + rollbackFailure.getMessage());
            }
            throw failure;
        }
    }

    /** Health and smoke test through the public URL; returns how the result message ends. */
    public String verifyHealth(Console console, Supplier<String> publicUrl, Deadline deadline) {
        if (skipHealth) {
            return "; health not checked (--skip-health)";
        }
        URI base = HealthCommand.parse(url != null ? url : publicUrl.get());
        console.detail("url", base.toString());
        new HealthCheck(console, polling.pollInterval()).verify(base, smoke.index(), deadline.within(smoke.timeout()));
        return " and healthy at " + base;
    }
}
