package dev.multidocker.api.database;

/** PostgreSQL cannot serve the request now: down, unreachable, or the schema is not migrated yet. */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message) {
        super(message);
    }

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
