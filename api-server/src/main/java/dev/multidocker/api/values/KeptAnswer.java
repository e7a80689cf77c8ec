package dev.multidocker.api.values;

/**
 * An answer kept in memory between changes of what it was read from, while something tells this process of
 * every change: Redis's client tracking for GET /values/current, PostgreSQL's notifications for GET
 * /values/all. A change counter orders reads against changes: an answer read before the latest change, or
 * before the notices began, is not kept, and none is kept while they are off, when a change could pass unseen.
 */
class KeptAnswer {

    private long changes;
    private volatile boolean notified;
    private volatile byte[] kept;

    /** The kept answer, or null: read the store, and offer what it answers to {@link #keep}. */
    byte[] answer() {
        return kept;
    }

    /** Taken before reading the store, for {@link #keep}. */
    synchronized long changes() {
        return changes;
    }

    /** Keeps an answer read after {@link #changes()} returned {@code before}, unless anything changed since. */
    synchronized void keep(long before, byte[] json) {
        if (notified && changes == before) {
            kept = json;
        }
    }

    /** What the answer is read from changed, or may have. */
    synchronized void changed() {
        changes++;
        kept = null;
    }

    boolean notified() {
        return notified;
    }

    /** Every change is notified from now on. */
    synchronized void notifiedFromNow() {
        changed();
        notified = true;
    }

    /** As {@link #notifiedFromNow()}, unless anything changed since {@link #changes()} returned {@code before}. */
    synchronized void notifiedFromNowIfUnchangedSince(long before) {
        if (changes == before) {
            notifiedFromNow();
        }
    }

    /** Changes are no longer notified, or the notices start over. */
    synchronized void notNotified() {
        notified = false;
        changed();
    }
}
