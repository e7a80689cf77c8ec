package dev.multidocker.cicd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tests run for every push and pull request; images are pushed and rolled out only for a push to main, and only
 * after the tests of that push passed.
 */
class CiBranchesTest {

    @ParameterizedTest
    @MethodSource("dev.multidocker.cicd.CiFile#inRepository")
    void pushesImagesAndRollsOutOnlyForAPushToMain(CiFile file) {
        List<CiFile.Command> publishing = file.commands().stream().filter(CiBranchesTest::publishes).toList();
        SoftAssertions softly = new SoftAssertions();
        publishing.forEach(command -> softly.assertThat(command.mainOnly()).as("only on main: %s", command).isTrue());
        softly.assertAll();
    }

    @Test
    void travisTestsEveryBranchAndDeploysFromTheJobThatTested() {
        CiFile travis = CiFile.read(Repository.ROOT, Repository.ROOT.resolve(".travis.yml"));
        List<CiFile.Command> tests = travis.commands().stream().filter(CiBranchesTest::runsTheTests).toList();
        assertThat(tests).as("test commands of .travis.yml").isNotEmpty()
            .allSatisfy(test -> assertThat(test.mainOnly()).as("%s runs on every branch", test).isFalse())
            .allSatisfy(test -> assertThat(test.place()).as("phase of %s: a failure there stops the deploy", test).isEqualTo("script"));
        travis.commands().stream().filter(CiBranchesTest::publishes).forEach(publish ->
            assertThat(tests).as("the tests in the job of %s", publish).anyMatch(test -> test.job().equals(publish.job())));
    }

    @Test
    void githubTestsEveryPushAndPullRequest() {
        List<CiFile> testing = workflows().stream()
            .filter(workflow -> workflow.commands().stream().anyMatch(CiBranchesTest::runsTheTests)).toList();
        assertThat(testing).as("workflows that run the tests").isNotEmpty().anySatisfy(workflow -> {
            Map<String, Object> triggers = workflow.triggers();
            assertThat(triggers).as("triggers of %s", workflow.name()).containsKeys("push", "pull_request");
            assertThat(Yamls.map(triggers.get("pull_request"))).as("pull_request filters of %s", workflow.name()).isEmpty();
            Map<String, Object> push = Yamls.map(triggers.get("push"));
            assertThat(push).as("push filters of %s", workflow.name()).doesNotContainKey("branches");
            if (Yamls.strings(push.get("branches-ignore")).contains(CiFile.MAIN)) {
                assertThat(workflows()).as("a workflow that tests pushes to main by calling %s", workflow.name())
                    .anyMatch(caller -> caller.startsOnlyOnPushToMain() && calls(caller, workflow));
            }
        });
    }

    @Test
    void githubRollsOutOnlyFromJobsThatNeedThePassedTests() {
        SoftAssertions softly = new SoftAssertions();
        for (CiFile workflow : workflows()) {
            workflow.jobs().forEach((jobId, job) -> {
                boolean rollsOut = workflow.commands().stream()
                    .anyMatch(c -> c.job().equals(jobId) && DeployCliCall.rollsOut(c));
                if (rollsOut) {
                    List<String> needs = Yamls.strings(job.get("needs"));
                    softly.assertThat(needs).as("needs of job %s in %s", jobId, workflow.name())
                        .anyMatch(need -> testsIn(workflow, need));
                }
            });
        }
        softly.assertAll();
    }

    /** Pushing images, logging in to a registry or AWS, or rolling out: what a branch other than main must not do. */
    static boolean publishes(CiFile.Command command) {
        if (command.startsWith("docker", "push") || command.startsWith("docker", "login")) {
            return true;
        }
        if (command.startsWith("uses")) {
            String action = command.words().get(1);
            return action.startsWith("aws-actions/") || action.startsWith("docker/login-action");
        }
        return DeployCliCall.rollsOut(command);
    }

    /** The README's test command, directly or through .ci/run, which runs it. */
    static boolean runsTheTests(CiFile.Command command) {
        List<String> readme = List.of(String.join(" ", Repository.readmeTestCommand()).split("\\s+"));
        boolean ciRunRunsIt = Repository.read(Repository.ROOT.resolve(".ci/run")).lines()
            .anyMatch(line -> line.strip().equals(String.join(" ", readme)));
        return command.words().equals(readme)
            || (ciRunRunsIt && (command.words().equals(List.of("bash", ".ci/run")) || command.words().equals(List.of(".ci/run"))));
    }

    private static List<CiFile> workflows() {
        return CiFile.inRepository().filter(file -> !file.isTravis()).toList();
    }

    private static boolean calls(CiFile caller, CiFile called) {
        return caller.jobs().values().stream().anyMatch(job -> ("./" + called.name()).equals(job.get("uses")));
    }

    private static boolean testsIn(CiFile workflow, String jobId) {
        Object uses = workflow.jobs().getOrDefault(jobId, Map.of()).get("uses");
        if (uses != null) {
            return workflows().stream().anyMatch(called -> ("./" + called.name()).equals(uses)
                && called.commands().stream().anyMatch(CiBranchesTest::runsTheTests));
        }
        return workflow.commands().stream().anyMatch(c -> c.job().equals(jobId) && runsTheTests(c));
    }
}
