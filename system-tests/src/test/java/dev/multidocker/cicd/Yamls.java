package dev.multidocker.cicd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading parsed YAML without casts at every use. */
final class Yamls {
    private Yamls() {
    }

    /**
     * A mapping with string keys. YAML 1.1 reads the key {@code on} (GitHub's triggers, Travis's deploy conditions)
     * as the boolean true; it is given back its name.
     */
    static Map<String, Object> map(Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, item) -> map.put(Boolean.TRUE.equals(key) ? "on" : String.valueOf(key), item));
        }
        return map;
    }

    static List<Map<String, Object>> maps(Object value) {
        List<Map<String, Object>> maps = new ArrayList<>();
        if (value instanceof List<?> items) {
            items.forEach(item -> maps.add(map(item)));
        }
        return maps;
    }

    /** A scalar or a list of scalars, as strings. */
    static List<String> strings(Object value) {
        if (value instanceof List<?> items) {
            return items.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(value.toString());
    }
}
