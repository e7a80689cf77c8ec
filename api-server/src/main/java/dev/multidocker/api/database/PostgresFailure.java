package dev.multidocker.api.database;

import dev.multidocker.service.tls.TlsFailure;

import java.sql.SQLException;

/** Why the API could not use PostgreSQL, in the words readiness, the log and a 503 give. */
public final class PostgresFailure {

    private PostgresFailure() {
    }

    /**
     * A TLS problem named as such, else pgjdbc's own message ("The server does not support SSL.", "FATAL: password
     * authentication failed ..."): the innermost SQLException, inside the pool's and Flyway's wrappers.
     */
    public static String describe(Throwable error) {
        return "PostgreSQL: " + TlsFailure.describe(error).orElseGet(() -> driverMessage(error));
    }

    private static String driverMessage(Throwable error) {
        String message = TlsFailure.rootMessage(error);
        for (Throwable cause : TlsFailure.chain(error)) {
            if (cause instanceof SQLException) {
                message = cause.getMessage();
            }
        }
        return message;
    }
}
