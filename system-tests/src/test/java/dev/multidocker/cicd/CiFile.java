package dev.multidocker.cicd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * One CI file of the repository, {@code .travis.yml} or a GitHub Actions workflow, parsed as YAML, with the shell
 * commands it runs and, for each, whether it can run only for a push to main.
 */
record CiFile(Path path, String name, Map<String, Object> yaml) {

    static final String MAIN = "main";

    /** A command as the CI runs it: where it is written, its words, and whether only a push to main reaches it. */
    record Command(CiFile file, String job, String place, List<String> words, boolean mainOnly) {
        boolean startsWith(String... prefix) {
            return words.size() >= prefix.length && words.subList(0, prefix.length).equals(List.of(prefix));
        }

        @Override
        public String toString() {
            return file.name() + " (" + job + ", " + place + "): " + String.join(" ", words);
        }
    }

    /** The CI files of this repository, for the tests' @MethodSource. */
    static Stream<CiFile> inRepository() {
        return all(Repository.ROOT).stream();
    }

    static List<CiFile> all(Path root) {
        List<Path> paths = new ArrayList<>();
        if (Files.isRegularFile(root.resolve(".travis.yml"))) {
            paths.add(root.resolve(".travis.yml"));
        }
        Path workflows = root.resolve(".github/workflows");
        if (Files.isDirectory(workflows)) {
            try (Stream<Path> files = Files.list(workflows)) {
                files.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().forEach(paths::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return paths.stream().map(path -> read(root, path)).toList();
    }

    static CiFile read(Path root, Path path) {
        try {
            return new CiFile(path, root.relativize(path).toString(), Yamls.map(new Yaml().load(Files.readString(path))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String text() {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isTravis() {
        return name.equals(".travis.yml");
    }

    List<Command> commands() {
        return isTravis() ? travisCommands() : workflowCommands();
    }

    /** Jobs of a workflow by id; empty for Travis. */
    Map<String, Map<String, Object>> jobs() {
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        Yamls.map(yaml.get("jobs")).forEach((id, job) -> jobs.put(id, Yamls.map(job)));
        return jobs;
    }

    /** The events a workflow starts on, with their settings (branches, ...). */
    Map<String, Object> triggers() {
        Object on = yaml.get("on");
        if (on instanceof String event) {
            return Map.of(event, Map.of());
        }
        if (on instanceof List<?> events) {
            Map<String, Object> triggers = new LinkedHashMap<>();
            events.forEach(event -> triggers.put(event.toString(), Map.of()));
            return triggers;
        }
        return Yamls.map(on);
    }

    /** Only a push to main starts this workflow (a manual run or a call from such a workflow aside). */
    boolean startsOnlyOnPushToMain() {
        Map<String, Object> triggers = new LinkedHashMap<>(triggers());
        triggers.remove("workflow_dispatch");
        triggers.remove("workflow_call");
        return triggers.keySet().equals(Set.of("push"))
            && Yamls.strings(Yamls.map(triggers.get("push")).get("branches")).equals(List.of(MAIN))
            && !Yamls.map(triggers.get("push")).containsKey("tags");
    }

    private List<Command> workflowCommands() {
        List<Command> commands = new ArrayList<>();
        boolean workflowMainOnly = startsOnlyOnPushToMain();
        jobs().forEach((jobId, job) -> {
            boolean jobMainOnly = workflowMainOnly || isMainCondition(job.get("if"));
            List<Map<String, Object>> steps = Yamls.maps(job.get("steps"));
            for (int i = 0; i < steps.size(); i++) {
                Map<String, Object> step = steps.get(i);
                boolean mainOnly = jobMainOnly || isMainCondition(step.get("if"));
                String place = "step " + step.getOrDefault("name", i + 1);
                if (step.get("run") != null) {
                    for (List<String> words : ShellCommands.split(step.get("run").toString())) {
                        commands.add(new Command(this, jobId, place, words, mainOnly));
                    }
                }
                if (step.get("uses") != null) {
                    commands.add(new Command(this, jobId, place, List.of("uses", step.get("uses").toString()), mainOnly));
                }
            }
        });
        return commands;
    }

    private List<Command> travisCommands() {
        List<Command> commands = new ArrayList<>();
        addTravisJob(yaml, "top level", false, commands);
        List<Map<String, Object>> included = Yamls.maps(Yamls.map(yaml.get("jobs")).get("include"));
        for (int i = 0; i < included.size(); i++) {
            Map<String, Object> job = included.get(i);
            addTravisJob(job, "jobs.include[" + i + "]", isMainCondition(job.get("if")), commands);
        }
        return commands;
    }

    private void addTravisJob(Map<String, Object> job, String where, boolean jobMainOnly, List<Command> commands) {
        boolean deployMainOnly = jobMainOnly || deploysOnlyFromMain(job.get("deploy"));
        for (String phase : List.of("before_install", "install", "before_script", "script", "after_success",
                "after_failure", "before_deploy", "after_deploy", "after_script")) {
            boolean mainOnly = phase.endsWith("_deploy") ? deployMainOnly : jobMainOnly;
            for (String script : Yamls.strings(job.get(phase))) {
                ShellCommands.split(script).forEach(words -> commands.add(new Command(this, where, phase, words, mainOnly)));
            }
        }
        for (Map<String, Object> provider : providers(job.get("deploy"))) {
            boolean mainOnly = jobMainOnly || deploysOnlyFromMain(provider);
            for (String script : Yamls.strings(provider.get("script"))) {
                ShellCommands.split(script).forEach(words -> commands.add(new Command(this, where, "deploy", words, mainOnly)));
            }
        }
    }

    /** Travis deploys only when every provider's {@code on} names main and nothing else (all_branches unset). */
    private static boolean deploysOnlyFromMain(Object deploy) {
        List<Map<String, Object>> providers = providers(deploy);
        return !providers.isEmpty() && providers.stream().allMatch(provider -> {
            Map<String, Object> on = Yamls.map(provider.get("on"));
            return Yamls.strings(on.get("branch")).equals(List.of(MAIN)) && !Boolean.TRUE.equals(on.get("all_branches"));
        });
    }

    private static List<Map<String, Object>> providers(Object deploy) {
        return deploy instanceof List<?> ? Yamls.maps(deploy) : deploy == null ? List.of() : List.of(Yamls.map(deploy));
    }

    /**
     * A job or step condition that holds only on main: GitHub's {@code github.ref == 'refs/heads/main'}, Travis's
     * {@code branch = main}, joined by "and" to anything else (an "or" could let another branch through).
     */
    static boolean isMainCondition(Object condition) {
        if (condition == null) {
            return false;
        }
        String text = condition.toString().replaceAll("\\s+", " ");
        if (text.contains("||") || text.matches("(?i).*\\bor\\b.*")) {
            return false;
        }
        return text.contains("github.ref == 'refs/heads/" + MAIN + "'") || text.matches("(?i).*\\bbranch ?= ?" + MAIN + "\\b.*");
    }
}
