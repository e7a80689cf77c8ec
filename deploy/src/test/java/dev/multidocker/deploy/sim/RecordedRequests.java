package dev.multidocker.deploy.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every request the simulator received, held to AWS's published service models when the simulator closes: a
 * request the model refuses fails the test that made it, whatever the simulator answered. Without models on
 * the machine nothing is checked here; {@code ServiceModelsTest} says so as a skipped test.
 */
final class RecordedRequests {
    private final List<Function<ServiceModels, List<String>>> checks = new ArrayList<>();

    synchronized void json(String service, String operation, JsonNode input) {
        checks.add(models -> models.validate(service, operation, input));
    }

    synchronized void query(String service, String operation, Map<String, String> parameters) {
        Map<String, String> copy = Map.copyOf(parameters);
        checks.add(models -> models.validateQuery(service, operation, copy));
    }

    /** A REST call whose input is its URL and headers: the operation must exist. */
    synchronized void rest(String service, String operation) {
        checks.add(models -> models.hasOperation(service, operation) ? List.of() : List.of(service + " has no operation " + operation));
    }

    synchronized void assertAllValid() {
        ServiceModels.installed().ifPresent(models -> {
            List<String> problems = checks.stream().flatMap(check -> check.apply(models).stream()).toList();
            if (!problems.isEmpty()) {
                throw new AssertionError("requests AWS's service models (" + models.location() + ") refuse:\n  "
                    + String.join("\n  ", problems));
            }
        });
    }
}
