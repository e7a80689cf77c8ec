package dev.multidocker.contract;

/**
 * The Redis side of the contract between api-server and worker (docs/contract.md), with the course's names so that
 * the course's own API and worker can share a Redis with these.
 */
public final class ValuesContract {

    /** Hash: field = canonical decimal index, value = decimal result or {@link #PENDING}. */
    public static final String VALUES_HASH = "values";

    /** Channel: message = canonical decimal index, published after the index is recorded. */
    public static final String INSERT_CHANNEL = "insert";

    /** What the hash holds for an index until the worker has computed it. */
    public static final String PENDING = "Nothing yet!";

    /**
     * String, only while tracing is on: the W3C {@code traceparent} of the POST that published an index, read
     * and removed by the worker that computes it, so that the computation joins the POST's trace while the
     * channel's message stays the bare index. Expires after {@link #INSERT_TRACE_SECONDS} if no worker reads it.
     */
    public static String insertTraceKey(String index) {
        return "insert-trace:" + index;
    }

    public static final long INSERT_TRACE_SECONDS = 60;

    private ValuesContract() {
    }
}
