package dev.multidocker.api.values;

import dev.multidocker.api.ApiErrors;
import dev.multidocker.api.database.SchemaMigration;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.serde.annotation.Serdeable;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.inject.Named;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;

/** The course's API as docs/contract.md gives it, behind the router's {@code /api} prefix. */
@Controller
class ValuesController {

    /** Rows of {@code /values/all} read and written out at a time: the default limit's 41 in one. */
    private static final int PAGE_ROWS = 1_000;

    private final RecordedIndexes recordedIndexes;
    private final IndexListCache list;
    private final RedisValues values;
    private final CurrentValues current;
    private final SubmittedIndexParser parser;
    private final SchemaMigration schema;
    private final ExecutorService blocking;
    private final Scheduler blockingScheduler;

    ValuesController(RecordedIndexes recordedIndexes, IndexListCache list, RedisValues values, CurrentValues current,
                     SubmittedIndexParser parser, SchemaMigration schema,
                     @Named(TaskExecutors.IO) ExecutorService blocking) {
        this.recordedIndexes = recordedIndexes;
        this.list = list;
        this.values = values;
        this.current = current;
        this.parser = parser;
        this.schema = schema;
        this.blocking = blocking;
        this.blockingScheduler = Schedulers.fromExecutorService(blocking);
    }

    @Get(produces = MediaType.TEXT_PLAIN)
    String hi() {
        return "Hi";
    }

    /**
     * The kept answer on the event loop, if there is one (IndexListCache). Else the table a page at a time, each
     * page written out before the next is read, on the blocking threads; a table of one page is kept.
     */
    @Get(value = "/values/all", produces = MediaType.APPLICATION_JSON)
    Publisher<byte[]> all() {
        schema.requireMigrated();
        byte[] kept = list.answer();
        if (kept != null) {
            return Flux.just(kept);
        }
        long changesBefore = list.changes();
        return Flux.<byte[], Page>generate(() -> Page.FIRST, (page, sink) -> {
            if (page == Page.DONE) {
                sink.complete();
                return page;
            }
            List<SeenIndex> rows = recordedIndexes.pageAfter(page.afterId(), PAGE_ROWS);
            boolean last = rows.size() < PAGE_ROWS;
            byte[] json = render(rows, page == Page.FIRST, last);
            if (page == Page.FIRST && last) {
                list.keep(changesBefore, json);
            }
            sink.next(json);
            return last ? Page.DONE : new Page(rows.get(rows.size() - 1).id());
        }).subscribeOn(blockingScheduler).onErrorMap(ApiErrors::forStreamedAnswer);
    }

    private record Page(long afterId) {
        static final Page FIRST = new Page(0);
        static final Page DONE = new Page(-1);
    }

    private static byte[] render(List<SeenIndex> rows, boolean first, boolean last) {
        StringBuilder json = new StringBuilder(rows.size() * 16 + 2);
        if (first) {
            json.append('[');
        }
        for (SeenIndex row : rows) {
            if (!first || json.length() > 1) {
                json.append(',');
            }
            json.append("{\"number\":").append(row.number()).append('}');
        }
        if (last) {
            json.append(']');
        }
        return json.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The page polls this while values are pending: answered on the event loop, without a thread hop. */
    @Get(value = "/values/current", produces = MediaType.APPLICATION_JSON)
    Publisher<byte[]> current() {
        return current.json();
    }

    /**
     * Recorded in PostgreSQL first, so an index survives Redis losing it; then pending, and published if it was
     * not in the hash yet (RedisValues). An index this process saw committed is not written again, and is
     * answered on the event loop; a new one waits for PostgreSQL on a blocking thread, which is free once
     * PostgreSQL has answered. The request's trace context goes along to that thread and back, so the
     * statement and the Redis commands are its spans.
     */
    @Post(value = "/values", consumes = MediaType.APPLICATION_JSON)
    CompletionStage<Working> submit(@Nullable @Body String body) {
        int index = parser.parse(body);
        schema.requireMigrated();
        Context trace = Context.current();
        CompletionStage<Void> recorded = recordedIndexes.isRecorded(index)
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(trace.wrap(() -> recordedIndexes.record(index)), blocking);
        return recorded.thenCompose(done -> {
            try (Scope inRequest = trace.makeCurrent()) {
                return values.markPendingAndPublish(index);
            }
        }).thenApply(published -> new Working(true));
    }

    @Serdeable
    record Working(boolean working) {
    }
}
