package dev.multidocker.deploy.validate;

import dev.multidocker.deploy.validate.Finding.Severity;
import java.util.ArrayList;
import java.util.List;

/** Collects findings for one file. */
public final class Findings {
    private final List<Finding> all = new ArrayList<>();

    public void error(String file, String container, String field, String message) {
        all.add(new Finding(Severity.ERROR, file, container, field, message));
    }

    public void warning(String file, String container, String field, String message) {
        all.add(new Finding(Severity.WARNING, file, container, field, message));
    }

    public List<Finding> all() {
        return List.copyOf(all);
    }
}
