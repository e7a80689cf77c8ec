package dev.multidocker.infra;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A service configured for plaintext stores is refused at synthesis, before RDS or ElastiCache refuse it. */
class StoreClientRulesTest {
    private static final Map<String, String> TLS = Map.of("PGHOST", "db", "PGSSLMODE", "require", "REDIS_HOST", "cache", "REDIS_TLS", "true");

    @Test
    void tlsAndAuthPass() {
        assertThatCode(() -> DataStack.checkClient("api", TLS, Set.of("REDIS_PASSWORD", "PGPASSWORD"))).doesNotThrowAnyException();
    }

    @Test
    void plaintextRedisIsRefused() {
        var plaintext = new java.util.HashMap<>(TLS);
        plaintext.put("REDIS_TLS", "false");
        assertThatThrownBy(() -> DataStack.checkClient("worker", plaintext, Set.of("REDIS_PASSWORD")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("REDIS_TLS=true");
    }

    @Test
    void redisWithoutItsAuthTokenIsRefused() {
        assertThatThrownBy(() -> DataStack.checkClient("api", TLS, Set.of("PGPASSWORD"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void postgresWithoutSslIsRefused() {
        var prefer = new java.util.HashMap<>(TLS);
        prefer.put("PGSSLMODE", "prefer");
        assertThatThrownBy(() -> DataStack.checkClient("api", prefer, Set.of("REDIS_PASSWORD")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PGSSLMODE");
    }
}
