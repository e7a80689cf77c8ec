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
import static org.assertj.core.api.Assertions.assertThat;

/** The guarantees of docs/contract.md: the services survive PostgreSQL and Redis restarts without being restarted themselves. */
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
        assertThat(api.submit(10).status()).isEqualTo(200);
        assertThat(api.awaitValue(10, VALUE_TIMEOUT)).isEqualTo("89");

        stack.local().redis().stop();
        api.awaitStatus("health/readiness", 503, READY_TIMEOUT);
        ApiClient.Response whileDown = api.submit(12);
        assertThat(whileDown.status()).isEqualTo(503);
        assertThat(whileDown.body()).contains("Redis");

        // No persistence: Redis comes back empty, as a replaced cache node does.
        stack.local().redis().start();
        api.awaitStatus("health/readiness", 200, READY_TIMEOUT);
        stack.worker().awaitReady(READY_TIMEOUT);

        // 10 was computed before the restart and 12 was recorded while Redis was down: both come back.
        assertThat(api.awaitValue(10, VALUE_TIMEOUT)).isEqualTo("89");
        assertThat(api.awaitValue(12, VALUE_TIMEOUT)).isEqualTo("233");
        assertThat(api.submit(13).status()).isEqualTo(200);
        assertThat(api.awaitValue(13, VALUE_TIMEOUT)).isEqualTo("377");
        assertThat(stack.apiProcess().isAlive() && stack.worker().isAlive()).isTrue();
    }

    @Test
    void postgresRestartedAnswers503WhileDownAndRecoversAlone() {
        ApiClient api = stack.api();
        assertThat(api.submit(5).status()).isEqualTo(200);

        stack.local().postgres().stop();
        ApiClient.Response whileDown = api.submit(6);
        assertThat(whileDown.status()).isEqualTo(503);
        assertThat(whileDown.body()).contains("PostgreSQL");
        assertThat(api.get("values/all").status()).isEqualTo(503);
        api.awaitStatus("health/readiness", 503, READY_TIMEOUT);

        stack.local().postgres().start();
        api.awaitStatus("health/readiness", 200, READY_TIMEOUT);
        assertThat(api.submit(6).status()).isEqualTo(200);
        assertThat(api.awaitValue(6, VALUE_TIMEOUT)).isEqualTo("13");
        assertThat(api.seen()).isEqualTo(List.of(5, 6));
        assertThat(stack.apiProcess().isAlive()).isTrue();
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
        assertThat(api.submit(20).status()).isEqualTo(200);
        assertThat(api.awaitValue(20, VALUE_TIMEOUT)).isEqualTo("10946");
    }
}
