package dev.multidocker.api.values;

import dev.multidocker.api.database.DatabaseUnavailableException;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The course's {@code values} table, in plain JDBC: two statements do not earn a data-access framework,
 * which would cost the API several MiB of its 128 (hundreds of classes) and part of a second at start.
 */
@Singleton
class SeenIndexRepository {

    private static final String RECORD = "INSERT INTO values (number) VALUES (?) ON CONFLICT (number) DO NOTHING";
    private static final String ALL_IN_FIRST_SEEN_ORDER = "SELECT number FROM values ORDER BY id";

    private final DataSource dataSource;

    SeenIndexRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records the index once; a repeat keeps its first-seen place. */
    void record(int number) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(RECORD)) {
            insert.setInt(1, number);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    List<SeenIndex> findAllInFirstSeenOrder() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(ALL_IN_FIRST_SEEN_ORDER);
             ResultSet rows = select.executeQuery()) {
            List<SeenIndex> all = new ArrayList<>();
            while (rows.next()) {
                all.add(new SeenIndex(rows.getInt(1)));
            }
            return all;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static DatabaseUnavailableException unavailable(SQLException e) {
        return new DatabaseUnavailableException("PostgreSQL is unavailable; try again shortly", e);
    }
}
