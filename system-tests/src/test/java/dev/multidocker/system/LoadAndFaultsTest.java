package dev.multidocker.system;

import dev.multidocker.fixtures.Await;
import dev.multidocker.fixtures.Fibonacci;
import dev.multidocker.fixtures.stack.ApiClient;
import dev.multidocker.fixtures.stack.AppStack;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multidocker.embedded.ServiceProcess;
import io.lettuce.core.ScriptOutputType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static dev.multidocker.fixtures.stack.AppStack.READY_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults under load, caused for real: while clients POST valid indexes, Redis, PostgreSQL and a worker are
 * SIGKILLed and started again, and the API is restarted. A valid request is never blamed (200, or 503 naming
 * the store), nothing answered 200 is lost, and every such index is computed exactly.
 */
class LoadAndFaultsTest {

    private static final int CLIENTS = 8;
    private static final int MAX_INDEX = 2000;
    /** The bound within which every index answered 200 is computed, counted from the end of the load. */
    private static final Duration ALL_COMPUTED_WITHIN = Duration.ofSeconds(60);
    /** Answers wanted in each phase, so that each fault meets requests in flight. */
    private static final int ANSWERS_PER_PHASE = 200;
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(60);
    /** The hash the worker writes and GET /values/current reads. */
    private static final String VALUES_HASH = "values";
    private static final int LARGE_MAX_INDEX = 20_000;
    private static final Duration LARGE_COMPUTED_WITHIN = Duration.ofSeconds(120);
    /** Between polls that go through the whole hash; Await's default interval (20 ms) is for cheap checks. */
    private static final Duration WHOLE_HASH_POLL = Duration.ofMillis(100);
    /** Readiness probes at once: the api has twice as many event loop threads as cores, 4 here. */
    private static final int WAITING_PROBES = 8;
    /** Far above what GET / takes, far below the 1 s a probe waits for the paused store. */
    private static final Duration UNSTALLED = Duration.ofMillis(500);

    private AppStack stack;
    private KillableStores stores;

    private record Answer(int index, int status, String body, long micros, boolean apiDown) {
    }

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
        if (stores != null) {
            stores.close();
        }
    }

    @Test
    void validRequestsAreNeverBlamedAndNothingAnsweredIsLost() throws Exception {
        stack = AppStack.notStarted("load-and-faults", Map.of("FIB_MAX_INDEX", Integer.toString(MAX_INDEX)));
        stores = new KillableStores(stack);
        stores.startPostgres();
        stores.startRedis();
        stack.startApi().awaitReady(READY_TIMEOUT);
        stack.startWorker().awaitReady(READY_TIMEOUT);

        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean apiDown = new AtomicBoolean();
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        CountDownLatch clientsDone = new CountDownLatch(CLIENTS);
        ApiClient api = stack.api();
        Instant loadStart = Instant.now();
        for (int client = 0; client < CLIENTS; client++) {
            Thread thread = new Thread(() -> {
                while (loading.get()) {
                    int index = next.getAndIncrement() % (MAX_INDEX + 1);
                    boolean down = apiDown.get();
                    long start = System.nanoTime();
                    ApiClient.Response response = api.submit(index);
                    answers.add(new Answer(index, response.status(), response.body(),
                            (System.nanoTime() - start) / 1000, down || apiDown.get()));
                    answered.incrementAndGet();
                }
                clientsDone.countDown();
            }, "client-" + client);
            thread.setDaemon(true);
            thread.start();
        }

        awaitMoreAnswers(answered);
        stores.killAndRestartRedis();
        awaitMoreAnswers(answered);
        stack.apiProcess().awaitReady(READY_TIMEOUT);
        awaitMoreAnswers(answered);

        stores.killAndRestartPostgres();
        awaitMoreAnswers(answered);
        stack.apiProcess().awaitReady(READY_TIMEOUT);

        ServiceProcess killedWorker = stack.worker();
        killedWorker.kill();
        assertThat(killedWorker.isAlive()).as("the worker survived SIGKILL").isFalse();
        ServiceProcess worker = stack.startWorker();
        worker.awaitReady(READY_TIMEOUT);
        awaitMoreAnswers(answered);

        apiDown.set(true);
        ServiceProcess stoppedApi = stack.apiProcess();
        int apiExit = stoppedApi.stop();
        assertThat(stoppedApi.isAlive()).as("the API did not stop").isFalse();
        ServiceProcess apiProcess = stack.startApi();
        apiProcess.awaitReady(READY_TIMEOUT);
        apiDown.set(false);
        awaitMoreAnswers(answered);

        long redisPid = stores.redisPid();
        long postgresPid = stores.postgresPid();
        awaitMoreAnswers(answered);
        loading.set(false);
        assertThat(clientsDone.await(30, TimeUnit.SECONDS)).as("a client hung").isTrue();
        Duration loadTime = Duration.between(loadStart, Instant.now());

        List<Answer> all = new ArrayList<>(answers);
        List<Answer> blamed = all.stream().filter(answer -> !acceptable(answer)).toList();
        assertThat(blamed).as("%d answers neither 200 nor 503 naming a store", blamed.size()).isEmpty();

        Set<Integer> accepted = new HashSet<>();
        all.stream().filter(answer -> answer.status() == 200).forEach(answer -> accepted.add(answer.index()));
        Set<Integer> recorded = recordedIndexes();
        List<Integer> lost = accepted.stream().filter(index -> !recorded.contains(index)).sorted().toList();
        assertThat(lost).as("%d indexes answered 200 are not in PostgreSQL", lost.size()).isEmpty();

        Instant computing = Instant.now();
        List<BigInteger> fib = Fibonacci.upTo(MAX_INDEX);
        assertThat(Await.until(ALL_COMPUTED_WITHIN, WHOLE_HASH_POLL, () -> {
            Map<String, String> current = api.current();
            return accepted.stream()
                    .allMatch(index -> fib.get(index).toString().equals(current.get(Integer.toString(index))));
        })).as("not every accepted index computed exactly within %s", ALL_COMPUTED_WITHIN).isTrue();
        Duration computed = Duration.between(computing, Instant.now());

        assertThat(apiProcess.isAlive() && worker.isAlive()).as("a service died").isTrue();
        assertThat(stores.redisPid()).as("Redis restarted").isEqualTo(redisPid);
        assertThat(stores.postgresPid()).as("PostgreSQL restarted").isEqualTo(postgresPid);

        System.out.printf("Load and faults: %d requests in %d s, %d answered 200, %d answered 503, %d not answered "
                        + "while the API restarted; largest latency %d ms; %d distinct indexes accepted; all computed %d ms "
                        + "after the load ended; the API's exit on SIGTERM under load: %d%n",
                all.size(), loadTime.toSeconds(), count(all, 200), count(all, 503), count(all, 0),
                all.stream().mapToLong(Answer::micros).max().orElse(0) / 1000, accepted.size(), computed.toMillis(), apiExit);
    }

    @Test
    void servesTheWholeHashAtTheLargestLimitAPageAtATime() {
        int max = LARGE_MAX_INDEX;
        stack = AppStack.notStarted("load-large", Map.of("FIB_MAX_INDEX", Integer.toString(max)));
        stack.local().postgres().start();
        stack.local().redis().start();
        ServiceProcess apiProcess = stack.startApi();
        apiProcess.awaitReady(READY_TIMEOUT);
        ServiceProcess worker = stack.startWorker();
        worker.awaitReady(READY_TIMEOUT);
        ApiClient api = stack.api();

        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<ApiClient.Response> refused = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            Thread thread = new Thread(() -> {
                for (int index = next.getAndIncrement(); index <= max; index = next.getAndIncrement()) {
                    ApiClient.Response response = api.submit(index);
                    if (response.status() != 200) {
                        refused.add(response);
                    }
                }
            });
            thread.start();
            clients.add(thread);
        }
        clients.forEach(LoadAndFaultsTest::join);
        assertThat(refused).as("%d POSTs refused", refused.size()).isEmpty();

        Instant computing = Instant.now();
        assertThat(Await.until(LARGE_COMPUTED_WITHIN, WHOLE_HASH_POLL, () -> pendingEntries(max) == 0))
                .as("not every index computed within %s", LARGE_COMPUTED_WITHIN).isTrue();
        Duration computed = Duration.between(computing, Instant.now());

        long apiPeakBeforeReads = apiProcess.peakResidentKiB();
        Instant reading = Instant.now();
        Map<String, String> current = api.current();
        Duration currentTime = Duration.between(reading, Instant.now());
        assertThat(current.size()).as("entries").isEqualTo(max + 1);
        List<String> expectedOrder = new ArrayList<>();
        for (int index = 0; index <= max; index++) {
            expectedOrder.add(Integer.toString(index));
        }
        assertThat(List.copyOf(current.keySet())).as("numeric order").containsExactlyElementsOf(expectedOrder);
        List<BigInteger> fib = Fibonacci.upTo(max);
        for (int index : new int[] {0, 1, 2, 40, 255, 256, 257, 1000, 12345, max - 1, max}) {
            assertThat(current.get(Integer.toString(index))).as("fib(%d)", index).isEqualTo(fib.get(index).toString());
        }
        List<Integer> seen = api.seen();
        assertThat(seen).hasSize(max + 1);
        assertThat(seen).as("each index once").doesNotHaveDuplicates();

        long apiPeak = apiProcess.peakResidentKiB();
        long workerPeak = worker.peakResidentKiB();
        System.out.printf("Largest limit %d: %d POSTs, all computed %d ms later; GET /values/current (%d entries) in %d ms; "
                        + "peak RSS api %d MiB (%d MiB before the reads), worker %d MiB%n",
                max, max + 1, computed.toMillis(), current.size(), currentTime.toMillis(), apiPeak / 1024,
                apiPeakBeforeReads / 1024, workerPeak / 1024);
        // The API runs with jvm.options (a 32 MiB heap, exit on OutOfMemoryError): holding the 40 MB of digits
        // whole, as it once did, ends the process.
        assertThat(apiProcess.isAlive() && worker.isAlive()).as("a service died").isTrue();
    }

    @Test
    void aPausedStoreIsAnswered503WithinTheApisTimeoutsLoggedOnceAndLosesNothing() throws Exception {
        stack = AppStack.notStarted("load-paused");
        stores = new KillableStores(stack);
        stores.startPostgres();
        stores.startRedis();
        stack.startApi().awaitReady(READY_TIMEOUT);
        stack.startWorker().awaitReady(READY_TIMEOUT);
        ApiClient api = stack.api();
        assertThat(api.submit(5).status()).isEqualTo(200);

        long redis = stores.redisPid();
        KillableStores.signal(redis, "STOP");
        try {
            submitTogether(api, List.of(6, 10, 11, 12)).forEach(answer -> assertPausedStoreAnswer(answer, "Redis"));
            assertReadinessNames(api, "redis");
            assertAnswersWhileReadinessWaits(api);
        } finally {
            KillableStores.signal(redis, "CONT");
        }
        stack.apiProcess().awaitReady(READY_TIMEOUT);
        assertThat(api.submit(7).status()).isEqualTo(200);

        List<Long> postgres = stores.postgresProcesses();
        postgres.forEach(pid -> KillableStores.signal(pid, "STOP"));
        try {
            submitTogether(api, List.of(8, 13, 14)).forEach(answer -> assertPausedStoreAnswer(answer, "PostgreSQL"));
            assertReadinessNames(api, "postgres");
            assertAnswersWhileReadinessWaits(api);
        } finally {
            postgres.forEach(pid -> KillableStores.signal(pid, "CONT"));
        }
        stack.apiProcess().awaitReady(READY_TIMEOUT);
        assertThat(api.submit(9).status()).isEqualTo(200);
        // Every request failed the same way at once: one line says so, not one per request.
        List<String> apiLog = Files.readAllLines(stack.apiProcess().log());
        assertThat(apiLog).filteredOn(line -> line.contains("Redis command failed")).hasSize(1);
        assertThat(apiLog).filteredOn(line -> line.contains("PostgreSQL request failed")).hasSize(1);

        assertThat(recordedIndexes()).as("an acknowledged index is not in PostgreSQL").contains(5, 7, 9);
        for (int index : new int[] {5, 7, 9}) {
            assertThat(api.awaitValue(index, AppStack.VALUE_TIMEOUT)).as("fib(%d)", index)
                    .isEqualTo(Fibonacci.of(index).toString());
        }
    }

    /** The answers to POSTs of these indexes, all sent at once. */
    private static List<ApiClient.Response> submitTogether(ApiClient api, List<Integer> indexes) {
        List<CompletableFuture<ApiClient.Response>> answers = indexes.stream()
                .map(index -> CompletableFuture.supplyAsync(() -> api.submit(index), runnable -> new Thread(runnable).start()))
                .toList();
        return answers.stream().map(CompletableFuture::join).toList();
    }

    /** Within the API's own timeouts (Redis commands 2 s, PostgreSQL statements 5 s), well before the client's 10 s. */
    private static void assertPausedStoreAnswer(ApiClient.Response response, String store) {
        assertThat(response.status()).as(response.toString()).isEqualTo(503);
        assertThat(response.body()).contains(store);
    }

    private static void assertReadinessNames(ApiClient api, String store) throws IOException {
        ApiClient.Response readiness = api.get("health/readiness");
        assertThat(readiness.status()).as(readiness.toString()).isEqualTo(503);
        assertThat(new ObjectMapper().readTree(readiness.body()).path("details").path(store).path("status").asText())
                .as(readiness.body()).isEqualTo("DOWN");
    }

    /**
     * While readiness probes wait on the paused store (its checks time out after 1 s), {@code GET /} answers at once
     * all along: the probes, more than the api has event loop threads, hold none of the threads that answer requests.
     */
    private static void assertAnswersWhileReadinessWaits(ApiClient api) {
        List<CompletableFuture<ApiClient.Response>> probes = IntStream.range(0, WAITING_PROBES)
                .mapToObj(probe -> CompletableFuture.supplyAsync(() -> api.get("health/readiness"),
                        runnable -> new Thread(runnable).start()))
                .toList();
        int answered = 0;
        while (probes.stream().anyMatch(probe -> !probe.isDone())) {
            Instant sent = Instant.now();
            assertThat(api.get("")).isEqualTo(new ApiClient.Response(200, "Hi"));
            assertThat(Duration.between(sent, Instant.now())).as("GET / while %d probes wait", WAITING_PROBES)
                    .isLessThan(UNSTALLED);
            answered++;
        }
        probes.forEach(probe -> assertThat(probe.join().status()).isEqualTo(503));
        assertThat(answered).as("GET / answers while the probes waited").isPositive();
    }

    /** Counted inside Redis, so that polling costs no 40 MB transfer. */
    private long pendingEntries(int max) {
        Long entries = stack.redis().hlen(VALUES_HASH);
        Long pending = stack.redis().eval("local n = 0 for _, v in ipairs(redis.call('HVALS', KEYS[1])) do "
                + "if v == ARGV[1] then n = n + 1 end end return n", ScriptOutputType.INTEGER,
                new String[] {VALUES_HASH}, ApiClient.PENDING);
        return max + 1 - entries + pending;
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** 200, 503 naming the store, or no connection while the API was down on purpose; never a timeout. */
    private static boolean acceptable(Answer answer) {
        return switch (answer.status()) {
            case 200 -> answer.body().equals("{\"working\":true}");
            case 503 -> answer.body().contains("Redis") || answer.body().contains("PostgreSQL");
            case 0 -> answer.apiDown() && !answer.body().contains("Timeout");
            default -> false;
        };
    }

    private static long count(List<Answer> answers, int status) {
        return answers.stream().filter(answer -> answer.status() == status).count();
    }

    private static void awaitMoreAnswers(AtomicInteger answered) {
        int target = answered.get() + ANSWERS_PER_PHASE;
        assertThat(Await.until(PHASE_TIMEOUT, () -> answered.get() >= target))
                .as("clients stopped getting answers within %s", PHASE_TIMEOUT).isTrue();
    }

    private Set<Integer> recordedIndexes() throws SQLException {
        Set<Integer> recorded = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(stores.postgresJdbcUrl(), "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT number FROM values")) {
            while (rows.next()) {
                recorded.add(rows.getInt(1));
            }
        }
        return recorded;
    }
}
