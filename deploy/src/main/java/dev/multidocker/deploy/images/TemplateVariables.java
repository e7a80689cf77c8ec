package dev.multidocker.deploy.images;

import dev.multidocker.deploy.cli.Stop;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the {@code ${NAME}} placeholders of a deployment file (account id, region, subnets) from
 * {@code --var NAME=value}. A placeholder left unfilled stops the deployment rather than reaching AWS.
 */
public final class TemplateVariables {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private TemplateVariables() {
    }

    public static String fill(String text, Map<String, String> values, String file) {
        Set<String> missing = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            // An empty value (a CI variable left unset) is never a subnet, an account or a host.
            if (value == null || value.isEmpty()) {
                missing.add(matcher.group(1));
                value = matcher.group();
            }
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(filled);
        if (!missing.isEmpty()) {
            throw Stop.invalidInput(file + ": no value for " + missing.stream().map(n -> "${" + n + "}").toList()
                + "; pass --var NAME=value for each");
        }
        return filled.toString();
    }
}
