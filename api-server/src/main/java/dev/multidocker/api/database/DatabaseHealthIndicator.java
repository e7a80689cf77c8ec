package dev.multidocker.api.database;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Ready when the schema is migrated and PostgreSQL hands out a valid connection; when not, the state names the
 * cause (an untrusted certificate, a server without SSL where PGSSLMODE asks for it, a refused password). The
 * check blocks, up to the pool's connection timeout while PostgreSQL is away, so it runs on the io executor rather
 * than on the event loop thread Micronaut reads health on, which also answers requests.
 */
@Singleton
@Readiness
public class DatabaseHealthIndicator implements HealthIndicator {

    private static final int VALIDATION_SECONDS = 1;

    private final DataSource dataSource;
    private final SchemaMigration schema;
    private final Scheduler blocking;

    public DatabaseHealthIndicator(DataSource dataSource, SchemaMigration schema,
                                   @Named(TaskExecutors.IO) ExecutorService blocking) {
        // Micronaut Data hands out a DataSource that only works inside a repository call or transaction.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.schema = schema;
        this.blocking = Schedulers.fromExecutorService(blocking);
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromCallable(this::check).subscribeOn(blocking);
    }

    private HealthResult check() {
        if (!schema.isMigrated()) {
            return result(HealthStatus.DOWN, schema.lastFailure());
        }
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(VALIDATION_SECONDS)
                    ? result(HealthStatus.UP, "connected")
                    : result(HealthStatus.DOWN, "connection did not validate");
        } catch (SQLException e) {
            return result(HealthStatus.DOWN, PostgresFailure.describe(e));
        }
    }

    private static HealthResult result(HealthStatus status, String state) {
        return HealthResult.builder("postgres", status).details(Map.of("state", state)).build();
    }
}
