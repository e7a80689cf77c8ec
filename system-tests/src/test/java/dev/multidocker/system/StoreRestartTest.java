package dev.multidocker.system;

import dev.multidocker.fixtures.stack.ApiClient;
import dev.multidocker.fixtures.stack.AppStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.util.List;

import static dev.multidocker.fixtures.stack.AppStack.READY_TIMEOUT;
import static dev.multidocker.fixtures.stack.AppStack.VALUE_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC §3: the services survive PostgreSQL and Redis restarts without being restarted themselves. */
class StoreRestartTest {

    private AppStack stack;

    @BeforeEach
    void start(TestInfo test) {
        stack = AppStack.started("store-restart-" + test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void redisRestartedEmptyLosesNothingThatWasRecorded() {
        ApiClient api = stack.api();
        assertEquals(200, api.submit(10).status());
        assertEquals("89", api.awaitValue(10, VALUE_TIMEOUT));

        stack.local().redis().stop();
        api.awaitStatus("health/readiness", 503, READY_TIMEOUT);
        ApiClient.Response whileDown = api.submit(12);
        assertEquals(503, whileDown.status());
        assertTrue(whileDown.body().contains("Redis"), whileDown.body());

        // No persistence: Redis comes back empty, as a replaced cache node does.
        stack.local().redis().start();
        api.awaitStatus("health/readiness", 200, READY_TIMEOUT);
        stack.worker().awaitReady(READY_TIMEOUT);

        // 10 was computed before the restart and 12 was recorded while Redis was down: both come back.
        assertEquals("89", api.awaitValue(10, VALUE_TIMEOUT));
        assertEquals("233", api.awaitValue(12, VALUE_TIMEOUT));
        assertEquals(200, api.submit(13).status());
        assertEquals("377", api.awaitValue(13, VALUE_TIMEOUT));
        assertTrue(stack.apiProcess().isAlive() && stack.worker().isAlive());
    }

    @Test
    void postgresRestartedAnswers503WhileDownAndRecoversAlone() {
        ApiClient api = stack.api();
        assertEquals(200, api.submit(5).status());

        stack.local().postgres().stop();
        ApiClient.Response whileDown = api.submit(6);
        assertEquals(503, whileDown.status());
        assertTrue(whileDown.body().contains("PostgreSQL"), whileDown.body());
        assertEquals(503, api.get("values/all").status());
        api.awaitStatus("health/readiness", 503, READY_TIMEOUT);

        stack.local().postgres().start();
        api.awaitStatus("health/readiness", 200, READY_TIMEOUT);
        assertEquals(200, api.submit(6).status());
        assertEquals("13", api.awaitValue(6, VALUE_TIMEOUT));
        assertEquals(List.of(5, 6), api.seen());
        assertTrue(stack.apiProcess().isAlive());
    }

    @Test
    void servicesStartWhileStoresAreDownAndBecomeReadyAlone() {
        // A fresh stack whose stores are not started at all.
        stack.close();
        stack = AppStack.notStarted("store-restart-cold");
        var apiProcess = stack.startApi();
        var worker = stack.startWorker();
        ApiClient api = stack.api();
        api.awaitStatus("health/readiness", 503, READY_TIMEOUT);
        new ApiClient(worker.url("/")).awaitStatus("health/readiness", 503, READY_TIMEOUT);

        stack.local().postgres().start();
        stack.local().redis().start();

        apiProcess.awaitReady(READY_TIMEOUT);
        worker.awaitReady(READY_TIMEOUT);
        assertEquals(200, api.submit(20).status());
        assertEquals("10946", api.awaitValue(20, VALUE_TIMEOUT));
    }
}
