package dev.multidocker.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multidocker.embedded.ServiceProcess;
import dev.multidocker.fixtures.stack.AppStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static dev.multidocker.fixtures.stack.AppStack.VALUE_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

/** LOG_FORMAT=json (docs/contract.md): every line the services write is one JSON object CloudWatch can read. */
class JsonLogsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static AppStack stack;

    @BeforeAll
    static void start() {
        stack = AppStack.started("json-logs", Map.of("LOG_FORMAT", "json"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void everyLineOfBothServicesIsAJsonObjectWithLevelAndMessage() throws IOException {
        stack.api().submit(8);
        stack.api().awaitValue(8, VALUE_TIMEOUT);

        for (ServiceProcess service : List.of(stack.apiProcess(), stack.worker())) {
            List<String> lines = Files.readAllLines(service.log());
            assertThat(lines).as(service.name() + "'s log").isNotEmpty();
            for (String line : lines) {
                JsonNode event = JSON.readTree(line);
                assertThat(event.isObject()).as(line).isTrue();
                assertThat(event.path("level").asText()).as(line).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
                assertThat(event.path("message").isTextual()).as(line).isTrue();
                assertThat(event.path("timestamp").asText()).as(line).endsWith("Z");
            }
        }
    }
}
