package dev.multidocker.api.values;

import dev.multidocker.api.database.SchemaMigration;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import org.reactivestreams.Publisher;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** The course's API as docs/contract.md gives it, behind the router's {@code /api} prefix. */
@Controller
class ValuesController {

    private final SeenIndexRepository seenIndexes;
    private final RedisValues values;
    private final CurrentValues current;
    private final SubmittedIndexParser parser;
    private final SchemaMigration schema;

    ValuesController(SeenIndexRepository seenIndexes, RedisValues values, CurrentValues current,
                     SubmittedIndexParser parser, SchemaMigration schema) {
        this.seenIndexes = seenIndexes;
        this.values = values;
        this.current = current;
        this.parser = parser;
        this.schema = schema;
    }

    @Get(produces = MediaType.TEXT_PLAIN)
    String hi() {
        return "Hi";
    }

    @Get("/values/all")
    @ExecuteOn(TaskExecutors.BLOCKING)
    List<SeenIndex> all() {
        schema.requireMigrated();
        return seenIndexes.findAllInFirstSeenOrder();
    }

    /** The page polls this while values are pending: answered on the event loop, without a thread hop. */
    @Get(value = "/values/current", produces = MediaType.APPLICATION_JSON)
    Publisher<byte[]> current() {
        return current.json();
    }

    /**
     * Recorded in PostgreSQL first, so an index survives Redis losing it; then pending and published. The
     * blocking thread is free once PostgreSQL has answered: Redis's answer completes the response.
     */
    @Post(value = "/values", consumes = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    CompletionStage<Working> submit(@Nullable @Body String body) {
        int index = parser.parse(body);
        schema.requireMigrated();
        seenIndexes.record(index);
        return values.markPendingAndPublish(index).thenApply(published -> new Working(true));
    }

    @Serdeable
    record Working(boolean working) {
    }
}
