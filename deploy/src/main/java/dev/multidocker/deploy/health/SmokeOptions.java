package dev.multidocker.deploy.health;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Option;

/** Options of the smoke test, shared by the health command and the rollouts that end with it. */
public final class SmokeOptions {
    @Option(names = "--smoke-index",
        description = "Index to POST in the smoke test (default: a random index 2-40, so a stale value cannot pass).")
    private Integer smokeIndex;

    @Option(names = "--health-timeout", defaultValue = "10m",
        description = "Limit for the health check and smoke test within the overall timeout (default: ${DEFAULT-VALUE}).")
    private Duration healthTimeout;

    public int index() {
        return smokeIndex != null ? smokeIndex : ThreadLocalRandom.current().nextInt(2, 41);
    }

    public Duration timeout() {
        return healthTimeout;
    }
}
