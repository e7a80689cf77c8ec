package dev.multidocker.api;

import dev.multidocker.api.database.DatabaseUnavailableException;
import dev.multidocker.api.values.InvalidIndexException;
import dev.multidocker.service.redis.RedisUnavailableException;
import io.lettuce.core.RedisException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.serde.annotation.Serdeable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.RejectedExecutionException;

/**
 * Every refusal as {@code {"error": "..."}} in words a user can act on: the client shows them as they are.
 * A store that is down is a 503, which tells callers and load balancers to try again later.
 */
@Controller
public class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
    private static final StoreFaultLog POSTGRES_FAULTS = new StoreFaultLog(LOG, "PostgreSQL request failed");
    private static final StoreFaultLog REDIS_FAULTS = new StoreFaultLog(LOG, "Redis request failed");
    private static final String STOPPING = "The api is stopping; try again shortly";

    @Error(global = true)
    HttpResponse<ErrorBody> invalidIndex(InvalidIndexException e) {
        return HttpResponse.<ErrorBody>status(e.status()).body(new ErrorBody(e.getMessage()));
    }

    @Error(global = true)
    HttpResponse<ErrorBody> databaseUnavailable(DatabaseUnavailableException e) {
        if (e.getCause() != null) {
            POSTGRES_FAULTS.failed(e.getCause().getMessage());
        }
        return unavailable(e.getMessage());
    }

    @Error(global = true)
    HttpResponse<ErrorBody> redisNotConnected(RedisUnavailableException e) {
        return unavailable(e.getMessage() + "; try again shortly");
    }

    @Error(global = true)
    HttpResponse<ErrorBody> redisDown(RedisException e) {
        REDIS_FAULTS.failed(e.getMessage());
        return unavailable("Redis is unavailable; try again shortly");
    }

    /** A request that needs a blocking thread after those threads stopped taking work, as the api stops. */
    @Error(global = true)
    HttpResponse<ErrorBody> stopping(RejectedExecutionException e) {
        return unavailable(STOPPING);
    }

    /**
     * A streamed answer ({@code Publisher<byte[]>}) that fails before its first piece is answered by
     * Micronaut's own error path, not by the handlers above; an {@link HttpStatusException} keeps the 503
     * and the words there.
     */
    public static Throwable forStreamedAnswer(Throwable error) {
        if (error instanceof RedisUnavailableException) {
            return new HttpStatusException(HttpStatus.SERVICE_UNAVAILABLE, error.getMessage() + "; try again shortly");
        }
        if (error instanceof DatabaseUnavailableException) {
            return new HttpStatusException(HttpStatus.SERVICE_UNAVAILABLE, error.getMessage());
        }
        if (error instanceof RejectedExecutionException) {
            return new HttpStatusException(HttpStatus.SERVICE_UNAVAILABLE, STOPPING);
        }
        return error;
    }

    private static HttpResponse<ErrorBody> unavailable(String message) {
        return HttpResponse.<ErrorBody>status(HttpStatus.SERVICE_UNAVAILABLE).body(new ErrorBody(message));
    }

    @Serdeable
    public record ErrorBody(String error) {
    }
}
