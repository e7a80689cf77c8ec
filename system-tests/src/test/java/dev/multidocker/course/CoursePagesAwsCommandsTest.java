package dev.multidocker.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multidocker.embedded.FreePort;
import dev.multidocker.fixtures.RepoLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every aws CLI call on the course pages is one the CLI accepts: the operation exists, every option is one of its
 * parameters, the required ones are given, and the values have the types and lengths of AWS's service models, which
 * the CLI checks before it sends anything. The pages' shell blocks run in order, as a student runs them, in a scratch
 * folder, with {@code aws} a function that records its words and answers "placeholder", and nothing else on the PATH
 * that reaches outside the folder (docker, git, mvn and java run nothing): the values they build with envsubst and jq
 * from the repository's files, such as the {@code --cli-input-json} of page 7, are built for real. Each recorded call
 * then goes to Debian's aws CLI, pointed at a closed port: a call the CLI accepts fails only there, at connecting.
 */
class CoursePagesAwsCommandsTest {
    private static final Path COURSE = RepoLayout.root().resolve("docs/course");
    /** README first: it sets up course.env, which every page's blocks read. */
    private static final List<String> PAGES = List.of("README.md", "01-compose.md", "02-tests-and-ci.md",
        "03-dockerrun-and-beanstalk.md", "04-rds-elasticache-security-group.md", "05-iam-ci-user.md",
        "06-deploy-on-push.md", "07-fargate.md", "08-cleanup.md");
    private static final Pattern SHELL_BLOCK = Pattern.compile("(?ms)^```sh\\n(.*?)^```");
    /** What the blocks pipe through to build values; everything else they run is not found, and does nothing. */
    private static final List<String> TOOLS = List.of("cat", "cut", "envsubst", "grep", "head", "jq", "openssl", "sed",
        "tail", "tr");
    private static final String RECORDING_AWS = """
        aws() { printf '%s\\0' "$PAGE" "$@" > "$CALLS/${EPOCHREALTIME/./}-$BASHPID"; echo placeholder; }
        command_not_found_handle() { return 0; }
        """;
    private static final String ACCEPTED = "Could not connect to the endpoint URL";
    /** ECS Exec needs AWS's Session Manager plugin, which the CLI looks for once it has parsed the options. */
    private static final String PARSED_BEFORE_THE_PLUGIN = "SessionManagerPlugin is not found";
    private static final long STEP_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path scratch;

    record Call(String page, List<String> words) {
        @Override
        public String toString() {
            return page + ": aws " + String.join(" ", words);
        }
    }

    @Test
    void everyAwsCallOnTheCoursePagesIsOneTheCliAccepts() throws Exception {
        Optional<Path> python = debianCliInterpreter();
        assumeTrue(python.isPresent(), "no Debian aws CLI (/usr/bin/aws, package awscli; .ci/run installs it)");
        List<Call> calls = recordCalls();

        SoftAssertions softly = new SoftAssertions();
        for (String page : PAGES) {
            if (Files.readString(COURSE.resolve(page)).contains("\naws ")) {
                softly.assertThat(calls).as("recorded calls of %s, which shows aws commands", page)
                    .anyMatch(call -> call.page().equals(page));
            }
        }
        List<Answer> answers = cliAnswers(python.get(), calls, FreePort.pick());
        assertThat(answers).as("the CLI's answers").hasSameSizeAs(calls);
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            Answer answer = answers.get(i);
            boolean accepted = answer.printed().contains(ACCEPTED) || answer.printed().contains(PARSED_BEFORE_THE_PLUGIN);
            softly.assertThat(accepted).as("%s%n  the CLI said (status %d): %s", call, answer.status(), answer.lastLine())
                .isTrue();
        }
        softly.assertAll();
    }

    /** Runs every shell block of the pages in the scratch folder and returns the aws calls they made, in order. */
    private List<Call> recordCalls() throws IOException, InterruptedException {
        Path bin = Files.createDirectories(scratch.resolve("bin"));
        for (String tool : TOOLS) {
            Optional<Path> found = onPath(tool);
            assumeTrue(found.isPresent(), tool + " is not installed (.ci/run installs it)");
            Files.createSymbolicLink(bin.resolve(tool), found.get());
        }
        copyTree(RepoLayout.root().resolve("aws"), scratch.resolve("aws"));
        Path calls = Files.createDirectories(scratch.resolve("calls"));
        int block = 0;
        for (String page : PAGES) {
            Matcher shell = SHELL_BLOCK.matcher(Files.readString(COURSE.resolve(page)));
            while (shell.find()) {
                Path script = scratch.resolve("block-" + ++block + ".sh");
                Files.writeString(script, RECORDING_AWS + shell.group(1));
                ProcessBuilder bash = new ProcessBuilder("/bin/bash", script.toString()).directory(scratch.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectErrorStream(true).redirectOutput(scratch.resolve("block-" + block + ".log").toFile());
                bash.environment().clear();
                bash.environment().putAll(Map.of("PATH", bin.toString(), "HOME", scratch.toString(), "PAGE", page,
                    "CALLS", calls.toString()));
                awaitEnd(bash.start(), "block " + block + " of " + page);
            }
        }
        try (Stream<Path> recorded = Files.list(calls)) {
            return recorded.sorted().map(CoursePagesAwsCommandsTest::call).toList();
        }
    }

    private static Call call(Path recorded) {
        try {
            List<String> fields = Arrays.asList(Files.readString(recorded, StandardCharsets.UTF_8).split("\0", -1));
            return new Call(fields.get(0), fields.subList(1, fields.size() - 1));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    record Answer(int status, String printed) {
        String lastLine() {
            return printed.strip().lines().reduce((first, second) -> second).orElse("");
        }
    }

    /** What the CLI answers each call, pointed at a closed port on loopback, with made-up credentials. */
    private List<Answer> cliAnswers(Path python, List<Call> calls, int closedPort) throws IOException, InterruptedException {
        Path driver = scratch.resolve("cli-answers.py");
        try (InputStream script = getClass().getResourceAsStream("cli-answers.py")) {
            Files.copy(script, driver);
        }
        StringBuilder input = new StringBuilder();
        for (Call call : calls) {
            List<String> words = new ArrayList<>(call.words());
            words.addAll(List.of("--endpoint-url", "http://127.0.0.1:" + closedPort, "--cli-connect-timeout", "1"));
            input.append(JSON.writeValueAsString(words)).append('\n');
        }
        Path requests = Files.writeString(scratch.resolve("calls.jsonl"), input);
        ProcessBuilder cli = new ProcessBuilder(python.toString(), driver.toString()).directory(scratch.toFile())
            .redirectInput(requests.toFile()).redirectError(scratch.resolve("cli-answers.log").toFile());
        cli.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_DEFAULT_REGION", "eu-west-1", "AWS_MAX_ATTEMPTS", "1",
            "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null", "AWS_PAGER", ""));
        Process process = cli.start();
        List<Answer> answers = new ArrayList<>();
        try (BufferedReader lines = process.inputReader(StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode answer = JSON.readTree(line);
                answers.add(new Answer(answer.path("status").asInt(-1), answer.path("printed").asText()));
            }
        }
        awaitEnd(process, "the CLI's driver");
        return answers;
    }

    private static void awaitEnd(Process process, String what) throws InterruptedException {
        boolean ended = process.waitFor(STEP_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended).as("%s ends within %d s", what, STEP_SECONDS).isTrue();
    }

    /** Debian's CLI runs on the Python its script names; its module is that Python's. */
    private static Optional<Path> debianCliInterpreter() throws IOException {
        Path aws = Path.of("/usr/bin/aws");
        if (!Files.isReadable(aws)) {
            return Optional.empty();
        }
        String firstLine = Files.readAllLines(aws).get(0);
        return firstLine.startsWith("#!") ? Optional.of(Path.of(firstLine.substring(2).strip())) : Optional.empty();
    }

    private static Optional<Path> onPath(String tool) {
        return Arrays.stream(System.getenv("PATH").split(":")).map(dir -> Path.of(dir, tool))
            .filter(Files::isExecutable).findFirst();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
