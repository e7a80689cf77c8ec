package dev.multidocker.api.values;

import dev.multidocker.api.database.DatabaseUnavailableException;
import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The indexes recorded in PostgreSQL, and which of them this process has seen committed.
 * <p>
 * A POST of an index seen committed before skips the write: the table only grows (nothing deletes a row)
 * and a repeat keeps its first-seen place, so the INSERT would change nothing. At the default limit there
 * are 41 distinct indexes and almost every POST is a repeat. The record is bounded; past its bound, indexes
 * are simply written every time.
 */
@Singleton
class RecordedIndexes {

    private static final int MOST_REMEMBERED = 10_000;

    private final SeenIndexRepository repository;
    private final IndexListCache list;
    private final Set<Integer> committed = ConcurrentHashMap.newKeySet();

    RecordedIndexes(SeenIndexRepository repository, IndexListCache list) {
        this.repository = repository;
        this.list = list;
    }

    boolean isRecorded(int index) {
        return committed.contains(index);
    }

    /**
     * Blocks until PostgreSQL has committed the index. The list kept for GET /values/all is dropped before the POST
     * is answered, not only when PostgreSQL's notification arrives, so that this process's next read shows it.
     */
    void record(int index) {
        inPostgres(() -> {
            repository.record(index);
            return null;
        });
        list.changed();
        if (committed.size() < MOST_REMEMBERED) {
            committed.add(index);
        }
    }

    /** Up to {@code limit} rows seen after the row {@code afterId} (0 for the first page), in first-seen order. */
    List<SeenIndex> pageAfter(long afterId, int limit) {
        return inPostgres(() -> repository.findPageAfter(afterId, limit));
    }

    private static <T> T inPostgres(Supplier<T> query) {
        try {
            return query.get();
        } catch (DataAccessException | ConnectionException | CannotGetJdbcConnectionException e) {
            throw new DatabaseUnavailableException("PostgreSQL is unavailable; try again shortly", e);
        }
    }
}
