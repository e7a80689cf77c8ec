package dev.multidocker.cicd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The images each CI file builds and pushes are the images production runs: a renamed image, a forgotten Dockerfile
 * or a wrong build context shows here instead of as a deployment that pulls an image nobody pushed.
 */
class CiImagesTest {
    private static final Pattern COPY = Pattern.compile("(?m)^\\s*(?:COPY|ADD)\\s+((?:[^\\n\\\\]|\\\\\\n)+)");
    private static final Pattern COMMIT = Pattern.compile("\\$\\(git rev-parse HEAD\\)|\\$\\{\\{ ?github\\.sha ?}}|\\$\\{?(?:GITHUB_SHA|TRAVIS_COMMIT)}?");

    static Stream<CiFile> ciFilesThatBuildImages() {
        return CiFile.inRepository().filter(file -> !builds(file).isEmpty());
    }

    @ParameterizedTest
    @MethodSource("ciFilesThatBuildImages")
    void buildsExactlyTheImagesEveryDeploymentFileRuns(CiFile file) {
        Set<String> built = builds(file).stream().flatMap(build -> build.tags().stream())
            .map(ImageReference::repository).collect(Collectors.toCollection(TreeSet::new));
        SoftAssertions softly = new SoftAssertions();
        for (Map.Entry<String, Set<String>> deployed : Repository.deployedImagesByTarget().entrySet()) {
            softly.assertThat(built).as("images %s builds vs the images %s runs", file.name(), deployed.getKey())
                .containsExactlyInAnyOrderElementsOf(deployed.getValue());
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @MethodSource("ciFilesThatBuildImages")
    void buildsEveryProductionDockerfileOnceWithAContextHoldingWhatItCopies(CiFile file) {
        List<DockerBuild> builds = builds(file);
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(builds.stream().map(build -> Repository.ROOT.relativize(build.dockerfile()).toString()).toList())
            .as("Dockerfiles %s builds vs the production Dockerfiles in the repository", file.name())
            .containsExactlyInAnyOrderElementsOf(Repository.productionDockerfiles().stream()
                .map(dockerfile -> Repository.ROOT.relativize(dockerfile).toString()).toList());
        for (DockerBuild build : builds) {
            softly.assertThat(build.context()).as("context of %s", build.command()).isDirectory();
            if (Files.isRegularFile(build.dockerfile())) {
                softly.assertThat(missingCopySources(build)).as("files %s copies that are not in the context of %s",
                    Repository.ROOT.relativize(build.dockerfile()), build.command()).isEmpty();
            }
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @MethodSource("ciFilesThatBuildImages")
    void tagsEveryImageWithTheCommitAndLatestAndPushesBoth(CiFile file) {
        List<CiFile.Command> pushes = file.commands().stream().filter(c -> c.startsWith("docker", "push")).toList();
        SoftAssertions softly = new SoftAssertions();
        for (DockerBuild build : builds(file)) {
            List<String> tags = build.tags().stream().map(ImageReference::tag).toList();
            softly.assertThat(tags).as("tags of %s", build.command()).hasSize(2).contains("latest")
                .anySatisfy(tag -> assertThat(isCommit(tag, file)).as("%s is the commit SHA", tag).isTrue());
            for (ImageReference tag : build.tags()) {
                softly.assertThat(pushes).as("a docker push of %s:%s in %s", tag.repository(), tag.tag(), file.name())
                    .anyMatch(push -> pushes(push, tag));
            }
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @MethodSource("ciFilesThatBuildImages")
    void rollsOutTheOwnerAndTagItPushed(CiFile file) {
        List<DeployCliCall> rollouts = CiCommandsTest.rollouts(file);
        assertThat(rollouts).as("rollouts in %s", file.name()).isNotEmpty();
        List<ImageReference> commitTags = builds(file).stream().flatMap(b -> b.tags().stream())
            .filter(tag -> !tag.tag().equals("latest")).toList();
        SoftAssertions softly = new SoftAssertions();
        for (DeployCliCall rollout : rollouts) {
            for (ImageReference pushed : commitTags) {
                softly.assertThat(rollout.value("--tag")).as("--tag of %s vs %s", rollout.command(), pushed).isEqualTo(pushed.tag());
                softly.assertThat(rollout.value("--image-registry")).as("--image-registry of %s vs %s", rollout.command(), pushed)
                    .isEqualTo(pushed.owner());
            }
        }
        softly.assertAll();
    }

    static List<DockerBuild> builds(CiFile file) {
        return file.commands().stream().flatMap(c -> DockerBuild.of(c).stream()).toList();
    }

    /** The tag is the commit: a variable the file sets from the commit SHA, or the CI's own SHA variable. */
    private static boolean isCommit(String tag, CiFile file) {
        if (COMMIT.matcher(tag).matches()) {
            return true;
        }
        Matcher variable = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?").matcher(tag);
        if (!variable.matches()) {
            return false;
        }
        Matcher definition = Pattern.compile("(?m)\\b" + variable.group(1) + "\\s*[=:]\\s*[\"']?(.+?)[\"']?\\s*$").matcher(file.text());
        while (definition.find()) {
            if (COMMIT.matcher(definition.group(1)).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean pushes(CiFile.Command push, ImageReference tag) {
        List<String> arguments = push.words().subList(2, push.words().size());
        String untagged = tag.owner() + "/" + tag.repository();
        return arguments.contains(untagged + ":" + tag.tag())
            || ((arguments.contains("--all-tags") || arguments.contains("-a")) && arguments.contains(untagged));
    }

    private static List<String> missingCopySources(DockerBuild build) {
        List<String> missing = new ArrayList<>();
        Matcher copy = COPY.matcher(Repository.read(build.dockerfile()));
        while (copy.find()) {
            List<String> words = List.of(copy.group(1).replace("\\\n", " ").trim().split("\\s+"));
            if (words.stream().anyMatch(w -> w.startsWith("--from"))) {
                continue;
            }
            List<String> sources = words.stream().filter(w -> !w.startsWith("--")).toList();
            for (String source : sources.subList(0, sources.size() - 1)) {
                Path path = build.context().resolve(source).normalize();
                if (!Files.exists(path)) {
                    missing.add(source);
                }
            }
        }
        return missing;
    }
}
