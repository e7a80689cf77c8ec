package dev.multidocker.infra;

import java.util.Map;

/**
 * PostgreSQL connections the api may open at its largest scale, its pools and listening connections, against what
 * the RDS instance accepts.
 * RDS sets {@code max_connections} to {@code LEAST(DBInstanceClassMemory/9531392, 5000)} for PostgreSQL
 * (RDS User Guide, "Maximum number of database connections"); DBInstanceClassMemory is the class's memory
 * less what RDS keeps for the OS, so the nominal memory below gives an upper bound, and the budget keeps
 * the connections PostgreSQL reserves for superusers and RDS's own agent out of it.
 */
public record ConnectionBudget(String instanceClass, int apiMaxTasks, int poolSize) {
    /** Nominal memory per class in GiB (Amazon RDS instance types page, 2026-12-01). */
    private static final Map<String, Double> MEMORY_GIB = Map.of(
        "db.t4g.micro", 1.0,
        "db.t4g.small", 2.0,
        "db.t4g.medium", 4.0,
        "db.t3.micro", 1.0,
        "db.t3.small", 2.0);
    /** superuser_reserved_connections (3) plus the rdsadmin sessions RDS keeps open. */
    private static final int RESERVED = 5;
    /** The connection each api holds beside its pool, LISTENing for changes to the table (docs/contract.md). */
    private static final int LISTENING = 1;

    public int maxConnections() {
        Double gib = MEMORY_GIB.get(instanceClass);
        if (gib == null) {
            throw new IllegalArgumentException("no max_connections known for " + instanceClass);
        }
        return (int) Math.min(gib * 1024 * 1024 * 1024 / 9531392, 5000);
    }

    public int apiConnections() {
        return apiMaxTasks * (poolSize + LISTENING);
    }

    /** Refuses a scaling limit under which the api's pools could exhaust the database. */
    public void check() {
        int available = maxConnections() - RESERVED;
        if (apiConnections() >= available) {
            throw new IllegalArgumentException(apiMaxTasks + " api tasks x (" + poolSize + " pooled connections + "
                + LISTENING + " listening) = "
                + apiConnections() + ", but " + instanceClass + " accepts about " + available
                + " client connections: lower the api's maximum task count or pick a larger class");
        }
    }
}
