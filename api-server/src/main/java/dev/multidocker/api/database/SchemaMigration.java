package dev.multidocker.api.database;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.context.annotation.Context;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Named;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Runs the Flyway migrations in the background, retrying until PostgreSQL answers, so that the API starts
 * (and reports not-ready) while the database is still down. Micronaut's Flyway integration migrates
 * during start-up instead, and a database that is not up yet stops the service.
 */
@Context
public class SchemaMigration {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigration.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final ApplicationEventPublisher<SchemaReady> events;
    private final TaskScheduler attempts;
    private volatile boolean migrated;
    private volatile String lastFailure = "PostgreSQL: not connected yet";

    public SchemaMigration(DataSource dataSource, ApplicationEventPublisher<SchemaReady> events,
                           @Named(TaskExecutors.SCHEDULED) TaskScheduler attempts) {
        // Micronaut Data hands out a DataSource that only works inside a repository call or transaction.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.events = events;
        this.attempts = attempts;
    }

    /** Starts with the context, so the migration runs while the HTTP server starts. */
    @PostConstruct
    void start() {
        attempts.schedule(Duration.ZERO, this::attempt);
    }

    public boolean isMigrated() {
        return migrated;
    }

    /** Why the schema is not migrated yet, naming the cause (see {@link PostgresFailure}). */
    public String lastFailure() {
        return lastFailure;
    }

    /** Throws {@link DatabaseUnavailableException} until the schema is in place. */
    public void requireMigrated() {
        if (!migrated) {
            throw new DatabaseUnavailableException(lastFailure);
        }
    }

    private void attempt() {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    // A database the course's app created has the table but no Flyway history.
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            lastFailure = PostgresFailure.describe(e);
            LOG.warn("Schema migration failed: {}; retrying in {} s", lastFailure, RETRY.toSeconds());
            attempts.schedule(RETRY, this::attempt);
            return;
        }
        migrated = true;
        LOG.info("Database schema is up to date");
        events.publishEvent(new SchemaReady());
    }

    /** Published once the schema is migrated and the database is usable. */
    public record SchemaReady() {
    }
}
