package dev.multidocker.cicd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * Finds secret values written into a CI file. A secret may only be named: {@code ${{ secrets.X }}}, {@code $X} from
 * the CI's settings, a Travis {@code secure:} (encrypted) value, or {@code --password-stdin}.
 */
final class SecretScanner {
    private static final Pattern AWS_ACCESS_KEY_ID = Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b");
    private static final Pattern TOKEN_WITH_KNOWN_PREFIX = Pattern.compile("\\b(?:dckr_pat_[\\w-]{10,}|gh[pousr]_\\w{30,}|github_pat_\\w{30,})");
    /** An AWS secret access key: 40 characters of base64 with upper case, lower case and digits (a hex SHA has no upper case). */
    private static final Pattern AWS_SECRET_KEY = Pattern.compile("(?<![\\w/+=])(?=[\\w/+]*[A-Z])(?=[\\w/+]*[a-z])(?=[\\w/+]*\\d)[\\w/+]{40}(?![\\w/+=])");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|passwd|secret|token|private.?key|access.?key|api.?key).*");
    private static final Pattern ASSIGNMENT = Pattern.compile("\\b([A-Za-z0-9_]+)=([\"']?)([^\\s\"']*)\\2");
    private static final Pattern LOGIN_PASSWORD = Pattern.compile("docker\\s+login\\b[^\\n]*?\\s(?:-p|--password)(?:\\s+|=)([\"']?)([^\\s\"']+)\\1");
    /** A value that only names a secret: a GitHub expression or a shell variable. */
    private static final Pattern REFERENCE = Pattern.compile("\\s*(?:\\$\\{\\{[^}]*}}|\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?)\\s*");

    private SecretScanner() {
    }

    static List<String> scan(String yamlText) {
        List<String> findings = new ArrayList<>();
        find(AWS_ACCESS_KEY_ID, yamlText, "an AWS access key id", findings);
        find(TOKEN_WITH_KNOWN_PREFIX, yamlText, "a Docker Hub or GitHub token", findings);
        find(AWS_SECRET_KEY, yamlText, "what looks like an AWS secret access key", findings);
        Matcher login = LOGIN_PASSWORD.matcher(yamlText);
        while (login.find()) {
            if (!REFERENCE.matcher(login.group(2)).matches()) {
                findings.add("a docker login password written out: " + login.group());
            }
        }
        Matcher assignment = ASSIGNMENT.matcher(yamlText);
        while (assignment.find()) {
            if (SECRET_NAME.matcher(assignment.group(1)).matches() && !assignment.group(3).isEmpty()
                    && !REFERENCE.matcher(assignment.group(3)).matches()) {
                findings.add("a secret assigned a value: " + assignment.group());
            }
        }
        walk(new Yaml().load(yamlText), "", findings);
        return findings;
    }

    /** Keys named like a secret must have a reference as their value; a workflow's permissions are not secrets. */
    private static void walk(Object node, String path, List<String> findings) {
        if (node instanceof Map<?, ?> map) {
            Yamls.map(map).forEach((key, value) -> {
                if (key.equals("permissions")) {
                    return;
                }
                if (SECRET_NAME.matcher(key).matches() && (value instanceof String || value instanceof Number)
                        && !REFERENCE.matcher(value.toString()).matches()) {
                    findings.add("a secret written as the value of " + path + key);
                }
                walk(value, path + key + ".", findings);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> walk(item, path, findings));
        }
    }

    private static void find(Pattern pattern, String text, String what, List<String> findings) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            findings.add(what + ": " + matcher.group());
        }
    }
}
