package dev.multidocker.deploy.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            assertEquals(ExitCode.DEPLOYED, run.exitCode(), run.output());
            assertTrue(run.out().contains("GET / answered 502"), run.output());
            assertTrue(run.out().contains("smoke test: index 7 = 21"), run.output());
            assertEquals("21", app.values().get(7));
        }
    }

    @Test
    void theLargestIndexOfTheCourseIsCheckedExactly() {
        try (FakeFibApp app = new FakeFibApp()) {
            CliRun run = health(app, "40", "20s");
            assertEquals(ExitCode.DEPLOYED, run.exitCode(), run.output());
            assertTrue(run.out().contains("index 40 = 165580141"), run.output());
        }
    }

    @Test
    void aWrongValueIsAFailure() {
        try (FakeFibApp app = new FakeFibApp().computingWrongValues()) {
            CliRun run = health(app, "7", "20s");
            assertEquals(ExitCode.FAILED, run.exitCode(), run.output());
            assertTrue(run.out().contains("index 7 computed as 22, expected 21"), run.output());
        }
    }

    @Test
    void aWorkerThatNeverComputesTimesOutAtTheDeadline() {
        try (FakeFibApp app = new FakeFibApp().workerStopped()) {
            Instant start = Instant.now();
            CliRun run = health(app, "9", "1s");
            assertEquals(ExitCode.TIMED_OUT, run.exitCode(), run.output());
            assertTrue(run.out().contains("the value of index 9 (last seen: Nothing yet!)"), run.output());
            assertTrue(Duration.between(start, Instant.now()).toMillis() < 5000, "the deadline was not kept");
        }
    }

    @Test
    void nothingListeningTimesOut() {
        FakeFibApp app = new FakeFibApp();
        app.close();
        CliRun run = health(app, "5", "500ms");
        assertEquals(ExitCode.TIMED_OUT, run.exitCode(), run.output());
        assertTrue(run.out().contains("no connection"), run.output());
    }

    @Test
    void aUrlWithoutHostIsBadInput() {
        CliRun run = CliRun.of("health", "--url", "http://");
        assertEquals(ExitCode.INVALID_INPUT, run.exitCode(), run.output());
    }
}
