package dev.multidocker.deploy.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multidocker.deploy.CliRun;
import dev.multidocker.deploy.ExitCode;
import dev.multidocker.deploy.sim.FakeFibApp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HealthCommandTest {

    private static CliRun health(FakeFibApp app, String index, String timeout) {
        return CliRun.of("health", "--url", app.url().toString(), "--smoke-index", index,
            "--poll-interval", "20ms", "--timeout", timeout);
    }

    @Test
    void waitsThroughBadGatewaysThenProvesTheWorkerComputes() {
        try (FakeFibApp app = new FakeFibApp().unavailableFor(3)) {
            CliRun run = health(app, "7", "20s");
            assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.DEPLOYED);
            assertThat(run.out()).as(run.output()).contains("GET / answered 502");
            assertThat(run.out()).as(run.output()).contains("smoke test: index 7 = 21");
            assertThat(app.values().get(7)).isEqualTo("21");
        }
    }

    @Test
    void theLargestIndexOfTheCourseIsCheckedExactly() {
        try (FakeFibApp app = new FakeFibApp()) {
            CliRun run = health(app, "40", "20s");
            assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.DEPLOYED);
            assertThat(run.out()).as(run.output()).contains("index 40 = 165580141");
        }
    }

    @Test
    void aWrongValueIsAFailure() {
        try (FakeFibApp app = new FakeFibApp().computingWrongValues()) {
            CliRun run = health(app, "7", "20s");
            assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
            assertThat(run.out()).as(run.output()).contains("index 7 computed as 22, expected 21");
        }
    }

    @Test
    void aWorkerThatNeverComputesTimesOutAtTheDeadline() {
        try (FakeFibApp app = new FakeFibApp().workerStopped()) {
            Instant start = Instant.now();
            CliRun run = health(app, "9", "1s");
            assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.TIMED_OUT);
            assertThat(run.out()).as(run.output()).contains("the value of index 9 (last seen: Nothing yet!)");
            assertThat(Duration.between(start, Instant.now()).toMillis()).as("the deadline was not kept").isLessThan(5000);
        }
    }

    @Test
    void nothingListeningTimesOut() {
        FakeFibApp app = new FakeFibApp();
        app.close();
        CliRun run = health(app, "5", "500ms");
        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.TIMED_OUT);
        assertThat(run.out()).as(run.output()).contains("no connection");
    }

    @Test
    void aUrlWithoutHostIsBadInput() {
        CliRun run = CliRun.of("health", "--url", "http://");
        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.INVALID_INPUT);
    }
}
