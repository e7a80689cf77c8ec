package dev.multidocker.api.values;

import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicLong;

/**
 * GET /values/all's answer, kept in memory while it is one page (the default limit's 41 rows): the page reads it
 * on every load, and read from PostgreSQL it costs the api and the database several times what GET /values/current
 * costs. PostgreSQL tells every api of each change to the table when it commits (db/migration/V2), and a
 * change drops the kept answer. Nothing is kept or served while this process is not listening, so an answer is
 * never older than the last notification this process could have missed.
 */
@Singleton
class IndexListCache {

    /** Changes seen, and reconnects of the listener: an answer read before the latest one is not kept. */
    private final AtomicLong changes = new AtomicLong();
    private volatile Kept kept;
    private volatile boolean listening;

    private record Kept(long changes, byte[] json) {
    }

    /** The kept answer, or null: read PostgreSQL, and offer the answer to {@link #keep}. */
    byte[] answer() {
        Kept current = kept;
        return listening && current != null && current.changes() == changes.get() ? current.json() : null;
    }

    /** Taken before reading PostgreSQL, for {@link #keep}. */
    long changes() {
        return changes.get();
    }

    /** Keeps an answer read after {@link #changes()} returned {@code changesBefore}, unless the table changed since. */
    void keep(long changesBefore, byte[] json) {
        if (changes.get() == changesBefore) {
            kept = new Kept(changesBefore, json);
        }
    }

    /** The table changed: by this process before it answers its POST, or by any process, as PostgreSQL said. */
    void changed() {
        changes.incrementAndGet();
    }

    /** Called with true once LISTEN is in effect, with false when the listening connection is lost. */
    void listening(boolean listening) {
        changed();
        this.listening = listening;
    }
}
