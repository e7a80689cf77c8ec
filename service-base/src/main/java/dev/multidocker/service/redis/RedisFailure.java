package dev.multidocker.service.redis;

import dev.multidocker.service.tls.TlsFailure;
import io.lettuce.core.RedisCommandExecutionException;

/** Why Lettuce could not connect to Redis or run a command, in the words readiness and the log give. */
final class RedisFailure {

    private RedisFailure() {
    }

    static String describe(Throwable error) {
        return "Redis: " + TlsFailure.describe(error).orElseGet(() -> serverAnswer(error));
    }

    private static String serverAnswer(Throwable error) {
        for (Throwable cause : TlsFailure.chain(error)) {
            String message = cause.getMessage();
            // WRONGPASS: a password Redis does not accept; NOAUTH: none sent where Redis requires one.
            if (cause instanceof RedisCommandExecutionException && message != null
                    && (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH"))) {
                return "authentication failed (" + message + ")";
            }
        }
        return TlsFailure.rootMessage(error);
    }
}
