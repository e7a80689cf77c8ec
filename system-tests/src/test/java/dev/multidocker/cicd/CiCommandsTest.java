package dev.multidocker.cicd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command the CI files call exists as written: jars that a module builds before they run, deploy CLI command
 * lines the CLI accepts, scripts and Maven modules that are there. A renamed flag or module fails here, not in the
 * first deploy after the rename.
 */
class CiCommandsTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    /** The fargate command fills ${AWS_REGION} from --region or the SDK's region chain. */
    private static final String FILLED_BY_THE_CLI = "AWS_REGION";
    private static final Set<String> MAVEN_PHASES_THAT_PACKAGE = Set.of("package", "verify", "install", "deploy");

    static Stream<CiFile> ciFilesThatRollOut() {
        return CiFile.inRepository().filter(file -> file.commands().stream().anyMatch(DeployCliCall::rollsOut));
    }

    @Test
    void thereAreCiFilesForTravisAndGithubActions() {
        assertThat(CiFile.inRepository().map(CiFile::name)).contains(".travis.yml").anyMatch(name -> name.startsWith(".github/workflows/"));
    }

    @ParameterizedTest
    @MethodSource("dev.multidocker.cicd.CiFile#inRepository")
    void everyJarItRunsIsBuiltByAModuleEarlierInTheSameJob(CiFile file) {
        List<CiFile.Command> commands = file.commands();
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < commands.size(); i++) {
            CiFile.Command command = commands.get(i);
            if (!command.startsWith("java", "-jar")) {
                continue;
            }
            String jar = command.words().get(2);
            String module = Path.of(jar).getName(0).toString();
            softly.assertThat(Repository.modules()).as("module of %s", command).contains(module);
            if (!Repository.modules().contains(module)) {
                continue;
            }
            softly.assertThat(jar).as("jar of %s", command).isEqualTo(module + "/target/" + Repository.artifactId(module) + ".jar");
            softly.assertThat(Repository.declaresMainClass(module)).as("%s/pom.xml sets exec.mainClass", module).isTrue();
            softly.assertThat(commands.subList(0, i)).as("a Maven build of %s before %s", module, command)
                .anyMatch(earlier -> earlier.job().equals(command.job()) && packages(earlier, module));
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @MethodSource("dev.multidocker.cicd.CiFile#inRepository")
    void everyDeployCliCallIsACommandLineTheCliAccepts(CiFile file) {
        SoftAssertions softly = new SoftAssertions();
        file.commands().stream().filter(DeployCliCall::runsTheCli).forEach(command -> {
            try {
                softly.assertThat(DeployCliCall.of(command).orElseThrow().subcommand()).as("subcommand of %s", command).isNotEmpty();
            } catch (DeployCliCall.Refused refused) {
                softly.fail("the deploy CLI refuses %s: %s", command, refused.getMessage());
            }
        });
        softly.assertAll();
    }

    @ParameterizedTest
    @MethodSource("ciFilesThatRollOut")
    void everyRolloutChecksHealthAndRollsBackOnFailure(CiFile file) {
        SoftAssertions softly = new SoftAssertions();
        for (DeployCliCall rollout : rollouts(file)) {
            softly.assertThat(rollout.has("--rollback")).as("--rollback in %s", rollout.command()).isTrue();
            softly.assertThat(rollout.has("--skip-health")).as("--skip-health in %s", rollout.command()).isFalse();
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @MethodSource("ciFilesThatRollOut")
    void everyFargateRolloutFillsEveryPlaceholderOfTheTaskDefinitions(CiFile file) {
        Set<String> placeholders = new TreeSet<>();
        for (Path definition : Repository.taskDefinitionFiles()) {
            Matcher matcher = PLACEHOLDER.matcher(Repository.read(definition));
            while (matcher.find()) {
                placeholders.add(matcher.group(1));
            }
        }
        placeholders.remove(FILLED_BY_THE_CLI);
        rollouts(file).stream().filter(rollout -> rollout.subcommand().equals("fargate")).forEach(rollout ->
            assertThat(rollout.values("--var").stream().map(v -> v.substring(0, v.indexOf('='))).toList())
                .as("--var names of %s", rollout.command()).containsAll(placeholders));
    }

    /**
     * Elastic Beanstalk's Amazon Linux 2023 platforms take two bundles: Dockerrun v2 ("ECS running on ...") and
     * docker compose ("Docker running on ..."). A CI file whose rollout names one bundle file can serve only one.
     */
    @ParameterizedTest
    @MethodSource("ciFilesThatRollOut")
    void everyBeanstalkRolloutCanSendTheComposeBundleAsWellAsDockerrun(CiFile file) {
        List<DeployCliCall> beanstalk = rollouts(file).stream().filter(rollout -> rollout.subcommand().equals("beanstalk")).toList();
        assertThat(beanstalk).as("beanstalk rollouts of %s", file.name()).isNotEmpty();
        for (DeployCliCall rollout : beanstalk) {
            assertThat(rollout.value("--bundle")).as("--bundle of %s", rollout.command()).contains("$").contains("EB_BUNDLE");
        }
        assertThat(Repository.read(Repository.ROOT.resolve(file.name()))).as("%s documents the compose bundle", file.name())
            .contains("docker-compose.prod.yml");
    }

    @ParameterizedTest
    @MethodSource("dev.multidocker.cicd.CiFile#inRepository")
    void everyScriptAndMavenModuleItNamesExists(CiFile file) {
        SoftAssertions softly = new SoftAssertions();
        for (CiFile.Command command : file.commands()) {
            List<String> words = command.words();
            if (List.of("bash", "sh").contains(words.get(0)) && words.size() > 1 && !words.get(1).startsWith("-")) {
                softly.assertThat(Repository.ROOT.resolve(words.get(1))).as("script of %s", command).isRegularFile();
            }
            if (words.get(0).startsWith("./") || words.get(0).startsWith(".ci/")) {
                Path script = Repository.ROOT.resolve(words.get(0));
                softly.assertThat(Files.isExecutable(script)).as("%s is an executable file", words.get(0)).isTrue();
            }
            if (words.get(0).equals("mvn")) {
                softly.assertThat(Repository.modules()).as("modules of %s", command).containsAll(selectedModules(command));
            }
        }
        softly.assertAll();
    }

    static List<DeployCliCall> rollouts(CiFile file) {
        return file.commands().stream().filter(DeployCliCall::rollsOut).flatMap(command -> DeployCliCall.of(command).stream()).toList();
    }

    /** A Maven run that leaves the module's jar in target/: all modules or -pl naming it, up to package or later. */
    private static boolean packages(CiFile.Command command, String module) {
        if (!command.words().get(0).equals("mvn")) {
            return false;
        }
        List<String> selected = selectedModules(command);
        return (selected.isEmpty() || selected.contains(module))
            && command.words().stream().anyMatch(MAVEN_PHASES_THAT_PACKAGE::contains);
    }

    private static List<String> selectedModules(CiFile.Command command) {
        List<String> words = command.words();
        int option = words.indexOf("-pl") >= 0 ? words.indexOf("-pl") : words.indexOf("--projects");
        return option < 0 || option + 1 >= words.size() ? List.of() : List.of(words.get(option + 1).split(","));
    }
}
