package dev.multidocker.api.values;

import dev.multidocker.api.StoreFaultLog;
import dev.multidocker.api.database.PostgresFailure;
import dev.multidocker.api.database.SchemaMigration;
import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * LISTENs to the {@code values_changed} notifications of db/migration/V2 for {@link IndexListCache}, from the
 * schema's migration to the process's end. A LISTEN holds its connection for as long as it lasts, so it has one
 * of its own beside the pool, with the pool's settings, and a thread of its own that waits in the driver for the
 * next notification. Micronaut Data has no LISTEN; this is pgjdbc's API.
 */
@Singleton
class TableChangeListener {

    /** The listening thread's name, and the connection's {@code application_name} in pg_stat_activity. */
    static final String NAME = "values-changed-listener";

    private static final Logger LOG = LoggerFactory.getLogger(TableChangeListener.class);
    /** How long to wait for a notification before checking that the connection still answers. */
    private static final int CHECK_MILLIS = 5_000;
    private static final int VALIDATION_SECONDS = 2;
    private static final Duration RETRY = Duration.ofSeconds(1);
    /** Long enough for a wait in the driver to see its aborted connection. */
    private static final Duration STOPPING = Duration.ofSeconds(2);

    private final IndexListCache cache;
    private final DatasourceConfiguration database;
    private final StoreFaultLog faults = new StoreFaultLog(LOG,
            "Not listening to values_changed; GET /values/all reads PostgreSQL until then");
    private final Thread thread = new Thread(this::listenUntilStopped, NAME);
    private volatile boolean stopped;
    private volatile Connection connection;

    TableChangeListener(IndexListCache cache, @Named("default") DatasourceConfiguration database) {
        this.cache = cache;
        this.database = database;
        thread.setDaemon(true);
    }

    @EventListener
    void onSchemaReady(SchemaMigration.SchemaReady event) {
        thread.start();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopped = true;
        Connection listening = connection;
        if (listening != null) {
            try {
                listening.abort(Runnable::run);
            } catch (SQLException e) {
                LOG.debug("Closing the listening connection: {}", e.getMessage());
            }
        }
        thread.interrupt();
        thread.join(STOPPING.toMillis());
    }

    private void listenUntilStopped() {
        while (!stopped) {
            try (Connection listening = connect()) {
                connection = listening;
                try (Statement statement = listening.createStatement()) {
                    statement.execute("LISTEN values_changed");
                }
                cache.notifiedFromNow();
                PGConnection notifications = listening.unwrap(PGConnection.class);
                while (!stopped) {
                    if (notifications.getNotifications(CHECK_MILLIS).length > 0) {
                        cache.changed();
                    } else if (!listening.isValid(VALIDATION_SECONDS)) {
                        throw new SQLException("the connection stopped answering");
                    }
                }
            } catch (SQLException e) {
                if (!stopped) {
                    faults.failed(PostgresFailure.describe(e));
                }
            } finally {
                connection = null;
                cache.notNotified();
            }
            try {
                Thread.sleep(RETRY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties settings = new Properties();
        settings.putAll(database.getDataSourceProperties());
        settings.setProperty("user", database.getUsername());
        settings.setProperty("password", database.getPassword());
        settings.setProperty("ApplicationName", NAME);
        return DriverManager.getConnection(database.getJdbcUrl(), settings);
    }
}
