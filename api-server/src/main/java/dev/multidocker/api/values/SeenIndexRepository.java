package dev.multidocker.api.values;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SeenIndexRepository extends GenericRepository<SeenIndex, Long> {

    /** Records the index once; a repeat keeps its first-seen place. */
    @Query("INSERT INTO values (number) VALUES (:number) ON CONFLICT (number) DO NOTHING")
    void record(int number);

    @Query("SELECT id, number FROM values ORDER BY id")
    List<SeenIndex> findAllInFirstSeenOrder();
}
