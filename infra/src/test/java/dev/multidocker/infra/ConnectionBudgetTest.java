package dev.multidocker.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The api at its scaling ceiling, with the pool size its own configuration sets, fits the database. */
class ConnectionBudgetTest {
    private static final String DATABASE_CLASS = "db." + DataStack.DATABASE_CLASS;

    @Test
    void theDefaultCeilingFitsTheInstancesMaxConnections() {
        int poolSize = SynthFixture.settings().files().apiPoolSize();
        ConnectionBudget budget = new ConnectionBudget(DATABASE_CLASS, Settings.DEFAULT_API_MAX_TASKS, poolSize);
        budget.check();
        assertThat(budget.apiConnections()).as(budget.apiConnections() + " connections against " + budget.maxConnections())
            .isLessThan(budget.maxConnections());
    }

    @Test
    void aCeilingThatWouldExhaustTheDatabaseIsRefused() {
        int poolSize = SynthFixture.settings().files().apiPoolSize();
        ConnectionBudget oneTask = new ConnectionBudget(DATABASE_CLASS, 1, poolSize);
        int tooMany = oneTask.maxConnections() / oneTask.apiConnections() + 1;
        assertThatThrownBy(() -> new ConnectionBudget(DATABASE_CLASS, tooMany, poolSize).check())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower the api's maximum task count");
    }
}
