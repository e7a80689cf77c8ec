package dev.multidocker.system;

import dev.multidocker.embedded.ServiceProcess;
import dev.multidocker.fixtures.Await;
import dev.multidocker.fixtures.stack.ApiClient;
import dev.multidocker.fixtures.stack.AppStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two apis behind one load balancer, as the Fargate service runs them: each keeps GET /values/all's answer in
 * memory between changes of the table, and an index recorded through one shows in the other's list once
 * PostgreSQL has told it (docs/contract.md).
 */
class ApiReplicasTest {

    private static final Duration NOTIFIED = Duration.ofSeconds(10);
    /** The apis' listening connections (docs/contract.md), once each is past its first statement. */
    private static final String LISTENING = "SELECT count(*) FROM pg_stat_activity"
            + " WHERE application_name = 'values-changed-listener' AND state = 'idle'";
    private static AppStack stack;

    @BeforeAll
    static void start() {
        stack = AppStack.started("api-replicas");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void eachListsWhatTheOtherRecorded() {
        ApiClient first = stack.api();
        ServiceProcess replica = stack.local().startApiReplica();
        replica.awaitReady(AppStack.READY_TIMEOUT);
        ApiClient second = new ApiClient(replica.url("/"));
        assertThat(Await.until(NOTIFIED, () -> listening() == 2)).as("both apis listening").isTrue();
        // Read once by each while both listen, so each keeps the empty list and only a notification drops it.
        assertThat(first.seen()).isEmpty();
        assertThat(second.seen()).isEmpty();

        assertThat(first.submit(31).status()).isEqualTo(200);
        assertThat(first.seen()).containsExactly(31);
        assertThat(Await.until(NOTIFIED, () -> second.seen().equals(List.of(31)))).as("31 listed by the other api")
                .isTrue();

        assertThat(second.submit(32).status()).isEqualTo(200);
        assertThat(second.seen()).containsExactly(31, 32);
        assertThat(Await.until(NOTIFIED, () -> first.seen().equals(List.of(31, 32))))
                .as("32 listed by the other api").isTrue();
    }

    private static int listening() {
        try (Connection connection = DriverManager.getConnection(stack.local().postgres().jdbcUrl(), "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery(LISTENING)) {
            count.next();
            return count.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL did not answer: " + e.getMessage(), e);
        }
    }
}
