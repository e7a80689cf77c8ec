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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC §3 for the worker: no lost work while it is down, bad messages skipped, replicas safe. */
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
        assertEquals(128 + 15, stack.worker().stop(), "the worker stops on SIGTERM within the grace period");
        ApiClient api = stack.api();
        for (int index = 20; index <= 25; index++) {
            assertEquals(200, api.submit(index).status());
        }
        assertTrue(api.current().values().stream().allMatch(ApiClient.PENDING::equals), api.current().toString());

        stack.startWorker().awaitReady(READY_TIMEOUT);

        assertEquals("10946", api.awaitValue(20, VALUE_TIMEOUT));
        assertEquals("121393", api.awaitValue(25, VALUE_TIMEOUT));
        IntStream.rangeClosed(20, 25).forEach(index -> api.awaitValue(index, VALUE_TIMEOUT));
    }

    @Test
    void aKilledWorkerIsReplacedWithoutLosingWork() {
        stack.worker().kill();
        ApiClient api = stack.api();
        assertEquals(200, api.submit(30).status());

        stack.startWorker().awaitReady(READY_TIMEOUT);

        assertEquals("1346269", api.awaitValue(30, VALUE_TIMEOUT));
    }

    @Test
    void skipsBadMessagesAndKeepsWorking() throws IOException {
        RedisCommands<String, String> redis = stack.redis();
        for (String bad : new String[] {"abc", "-5", "1e3", "2.5", "", "99999999999999999999", "41"}) {
            redis.publish("insert", bad);
        }
        ApiClient api = stack.api();
        assertEquals(200, api.submit(11).status());

        assertEquals("144", api.awaitValue(11, VALUE_TIMEOUT));
        ServiceProcess worker = stack.worker();
        assertTrue(worker.isAlive());
        assertEquals(200, worker.readinessStatus());
        String log = Files.readString(worker.log());
        assertTrue(log.contains("Skipped a message on 'insert' that is not an index from 0 to 40: 'abc'"), log);
        assertTrue(log.contains("'41'"), log);
        assertEquals(Map.of("11", "144"), api.current());
    }

    @Test
    void twoWorkersComputeEveryIndexCorrectly() {
        ServiceProcess second = stack.startWorker();
        second.awaitReady(READY_TIMEOUT);
        ApiClient api = stack.api();
        for (int index = 0; index <= 40; index++) {
            assertEquals(200, api.submit(index).status());
        }

        for (int index = 0; index <= 40; index++) {
            assertEquals(Fibonacci.of(index).toString(), api.awaitValue(index, VALUE_TIMEOUT), "fib(" + index + ")");
        }
        assertTrue(stack.worker().isAlive() && second.isAlive());
    }
}
