package dev.multidocker.api.values;

import dev.multidocker.api.TestStores;
import dev.multidocker.fixtures.Await;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /values/all while other processes change the table, as other api replicas behind the load balancer do:
 * an answer the api keeps in memory never outlives a change it was told of, and a lost listening connection
 * is replaced without leaving a stale answer behind.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AllValuesTest implements TestPropertyProvider {

    private static final TestStores STORES = TestStores.shared();
    private static final Duration NOTIFIED = Duration.ofSeconds(10);
    private static final String LISTENER =
            "SELECT pid FROM pg_stat_activity WHERE application_name = '" + TableChangeListener.NAME + "'";

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        return STORES.apiProperties();
    }

    @BeforeEach
    void emptyTableWithTheApiListening() throws SQLException {
        sql("TRUNCATE values");
        assertThat(Await.until(Duration.ofSeconds(30), () -> listenerPid().isPresent()))
                .as("the api's listening connection in pg_stat_activity").isTrue();
        assertThat(all()).isEqualTo("[]");
    }

    /** The rows left would come back into other tests' Redis hash through the repair. */
    @AfterAll
    void emptyTable() throws SQLException {
        sql("TRUNCATE values");
    }

    @Test
    void showsARowAnotherProcessAddsOnceNotified() throws SQLException {
        sql("INSERT INTO values (number) VALUES (11)");

        assertThat(Await.until(NOTIFIED, () -> all().equals("[{\"number\":11}]"))).as(all()).isTrue();
    }

    @Test
    void showsRowsAnotherProcessRemovesOnceNotified() throws SQLException {
        sql("INSERT INTO values (number) VALUES (11), (12)");
        assertThat(Await.until(NOTIFIED, () -> all().equals("[{\"number\":11},{\"number\":12}]"))).as(all()).isTrue();

        sql("TRUNCATE values");

        assertThat(Await.until(NOTIFIED, () -> all().equals("[]"))).as(all()).isTrue();
    }

    @Test
    void showsItsOwnPostInTheVeryNextAnswer() {
        http.toBlocking().exchange(HttpRequest.POST("/values", "{\"index\": 13}").contentType(MediaType.APPLICATION_JSON));

        assertThat(all()).isEqualTo("[{\"number\":13}]");
    }

    @Test
    void keepsNoStaleAnswerWhenItsListeningConnectionIsKilled() throws SQLException {
        int killed = listenerPid().orElseThrow();
        sql("SELECT pg_terminate_backend(" + killed + ")");
        // Read while the api cannot be told of changes, then a row added that no notification will announce.
        assertThat(all()).isEqualTo("[]");
        sql("INSERT INTO values (number) VALUES (14)");

        assertThat(Await.until(NOTIFIED, () -> listenerPid().filter(pid -> pid != killed).isPresent()))
                .as("a new listening connection").isTrue();
        assertThat(all()).isEqualTo("[{\"number\":14}]");
        sql("INSERT INTO values (number) VALUES (15)");
        assertThat(Await.until(NOTIFIED, () -> all().equals("[{\"number\":14},{\"number\":15}]"))).as(all()).isTrue();
    }

    private String all() {
        return http.toBlocking().retrieve("/values/all");
    }

    private static Optional<Integer> listenerPid() {
        try (Connection connection = database(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(LISTENER)) {
            return rows.next() ? Optional.of(rows.getInt(1)) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sql(String statement) throws SQLException {
        try (Connection connection = database(); Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(STORES.jdbcUrl(), STORES.user(), STORES.password());
    }
}
