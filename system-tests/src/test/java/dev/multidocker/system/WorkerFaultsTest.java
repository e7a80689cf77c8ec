package dev.multidocker.system;

import dev.multidocker.fixtures.Fibonacci;
import dev.multidocker.fixtures.stack.ApiClient;
import dev.multidocker.fixtures.stack.AppStack;
import dev.multidocker.embedded.ServiceProcess;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.multidocker.fixtures.stack.AppStack.READY_TIMEOUT;
import static dev.multidocker.fixtures.stack.AppStack.VALUE_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

/** The worker's guarantees (docs/contract.md): no lost work while it is down, bad messages skipped, replicas safe. */
class WorkerFaultsTest {

    private AppStack stack;

    @BeforeEach
    void start(TestInfo test) {
        stack = AppStack.started("worker-faults-" + test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void indexesPostedWhileNoWorkerRunsAreComputedWhenOneStarts() {
        assertThat(stack.worker().stop()).as("the worker stops on SIGTERM within the grace period")
                .isEqualTo(128 + 15);
        ApiClient api = stack.api();
        for (int index = 20; index <= 25; index++) {
            assertThat(api.submit(index).status()).isEqualTo(200);
        }
        assertThat(api.current().values()).allMatch(ApiClient.PENDING::equals);

        stack.startWorker().awaitReady(READY_TIMEOUT);

        assertThat(api.awaitValue(20, VALUE_TIMEOUT)).isEqualTo("10946");
        assertThat(api.awaitValue(25, VALUE_TIMEOUT)).isEqualTo("121393");
        IntStream.rangeClosed(20, 25).forEach(index -> api.awaitValue(index, VALUE_TIMEOUT));
    }

    @Test
    void aKilledWorkerIsReplacedWithoutLosingWork() {
        stack.worker().kill();
        ApiClient api = stack.api();
        assertThat(api.submit(30).status()).isEqualTo(200);

        stack.startWorker().awaitReady(READY_TIMEOUT);

        assertThat(api.awaitValue(30, VALUE_TIMEOUT)).isEqualTo("1346269");
    }

    @Test
    void skipsBadMessagesAndKeepsWorking() throws IOException {
        RedisCommands<String, String> redis = stack.redis();
        for (String bad : new String[] {"abc", "-5", "1e3", "2.5", "", "99999999999999999999", "41"}) {
            redis.publish("insert", bad);
        }
        ApiClient api = stack.api();
        assertThat(api.submit(11).status()).isEqualTo(200);

        assertThat(api.awaitValue(11, VALUE_TIMEOUT)).isEqualTo("144");
        ServiceProcess worker = stack.worker();
        assertThat(worker.isAlive()).isTrue();
        assertThat(worker.readinessStatus()).isEqualTo(200);
        String log = Files.readString(worker.log());
        assertThat(log).contains("Skipped a message on 'insert' that is not an index from 0 to 40: 'abc'");
        assertThat(log).contains("'41'");
        assertThat(api.current()).isEqualTo(Map.of("11", "144"));
    }

    @Test
    void twoWorkersComputeEveryIndexCorrectly() {
        ServiceProcess second = stack.startWorker();
        second.awaitReady(READY_TIMEOUT);
        ApiClient api = stack.api();
        for (int index = 0; index <= 40; index++) {
            assertThat(api.submit(index).status()).isEqualTo(200);
        }

        for (int index = 0; index <= 40; index++) {
            assertThat(api.awaitValue(index, VALUE_TIMEOUT)).as("fib(%d)", index)
                    .isEqualTo(Fibonacci.of(index).toString());
        }
        assertThat(stack.worker().isAlive() && second.isAlive()).isTrue();
    }
}
