package dev.multidocker.infra;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A service configured for plaintext stores is refused at synthesis, before RDS or ElastiCache refuse it. */
class StoreClientRulesTest {
    private static final Map<String, String> TLS = Map.of("PGHOST", "db", "PGSSLMODE", "require", "REDIS_HOST", "cache", "REDIS_TLS", "true");

    @Test
    void tlsAndAuthPass() {
        assertDoesNotThrow(() -> DataStack.checkClient("api", TLS, Set.of("REDIS_PASSWORD", "PGPASSWORD")));
    }

    @Test
    void plaintextRedisIsRefused() {
        var plaintext = new java.util.HashMap<>(TLS);
        plaintext.put("REDIS_TLS", "false");
        var error = assertThrows(IllegalArgumentException.class,
            () -> DataStack.checkClient("worker", plaintext, Set.of("REDIS_PASSWORD")));
        assertTrue(error.getMessage().contains("REDIS_TLS=true"), error.getMessage());
    }

    @Test
    void redisWithoutItsAuthTokenIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DataStack.checkClient("api", TLS, Set.of("PGPASSWORD")));
    }

    @Test
    void postgresWithoutSslIsRefused() {
        var prefer = new java.util.HashMap<>(TLS);
        prefer.put("PGSSLMODE", "prefer");
        var error = assertThrows(IllegalArgumentException.class,
            () -> DataStack.checkClient("api", prefer, Set.of("REDIS_PASSWORD")));
        assertTrue(error.getMessage().contains("PGSSLMODE"), error.getMessage());
    }
}
