package dev.multidocker.deploy.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a JSON file, turning a syntax error into a finding instead of a stack trace. */
final class JsonFiles {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonFiles() {
    }

    static Optional<JsonNode> read(Path path, String name, Findings findings) {
        try {
            return Optional.of(MAPPER.readTree(Files.readString(path)));
        } catch (JsonProcessingException e) {
            findings.error(name, null, "(syntax)", "not valid JSON: " + e.getOriginalMessage()
                + " at line " + e.getLocation().getLineNr());
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A container's integer field, or null when absent; a finding when present but not a whole number. */
    static Integer integer(JsonNode node, String field, String file, String container, Findings findings) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            findings.error(file, container, field, "must be a whole number, found " + value);
            return null;
        }
        return value.intValue();
    }
}
