package dev.multidocker.deploy.validate;

import java.util.LinkedHashMap;
import java.util.Map;

/** One problem in one file, pinned to the container (or service) and the field a user has to change. */
public record Finding(Severity severity, String file, String container, String field, String message) {

    public enum Severity { ERROR, WARNING }

    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("severity", severity.name());
        map.put("file", file);
        map.put("container", container);
        map.put("field", field);
        map.put("message", message);
        return map;
    }

    @Override
    public String toString() {
        String where = container == null ? "" : " container '" + container + "'";
        return severity + " " + file + ":" + where + " field '" + field + "': " + message;
    }
}
