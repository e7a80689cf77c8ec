package dev.multidocker.api.database;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Ready when the schema is migrated and PostgreSQL hands out a valid connection; when not, the state names the
 * cause (an untrusted certificate, a server without SSL where PGSSLMODE asks for it, a refused password).
 */
@Singleton
@Readiness
public class DatabaseHealthIndicator implements HealthIndicator {

    private static final int VALIDATION_SECONDS = 1;

    private final DataSource dataSource;
    private final SchemaMigration schema;

    public DatabaseHealthIndicator(DataSource dataSource, SchemaMigration schema) {
        // Micronaut Data hands out a DataSource that only works inside a repository call or transaction.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.schema = schema;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromCallable(this::check);
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
