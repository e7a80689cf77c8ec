package dev.multidocker.api.values;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;

/** The course's {@code values} table, as docs/contract.md describes it. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface SeenIndexRepository extends GenericRepository<SeenIndex, Long> {

    /** Records the index once; a repeat keeps its first-seen place. */
    @Query("INSERT INTO values (number) VALUES (:number) ON CONFLICT (number) DO NOTHING")
    void record(int number);

    /** Up to {@code limit} rows seen after the row {@code afterId}, in first-seen order. */
    @Query("SELECT id, number FROM values WHERE id > :afterId ORDER BY id LIMIT :limit")
    List<SeenIndex> findPageAfter(long afterId, int limit);
}
