package dev.multidocker.cicd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A {@code docker build} command of a CI file: its tags, Dockerfile and context (paths from the repository root). */
record DockerBuild(CiFile.Command command, List<ImageReference> tags, Path dockerfile, Path context) {

    /** docker build options that take a value, so that the value is not taken for the context. */
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("-t", "--tag", "-f", "--file", "--build-arg", "--target",
        "--platform", "--label", "--cache-from", "--cache-to", "--network", "--progress", "--secret", "--ssh",
        "--iidfile", "--add-host", "-o", "--output", "--shm-size", "-m", "--memory");

    static Optional<DockerBuild> of(CiFile.Command command) {
        if (!command.startsWith("docker", "build")) {
            return Optional.empty();
        }
        List<String> words = command.words().subList(2, command.words().size());
        List<ImageReference> tags = new ArrayList<>();
        String dockerfile = null;
        String context = null;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String option = word.contains("=") && word.startsWith("-") ? word.substring(0, word.indexOf('=')) : word;
            String value = word.equals(option) && i + 1 < words.size() ? words.get(i + 1) : word.substring(word.indexOf('=') + 1);
            if (OPTIONS_WITH_VALUE.contains(option)) {
                i += word.equals(option) ? 1 : 0;
                if (option.equals("-t") || option.equals("--tag")) {
                    tags.add(ImageReference.parse(value));
                } else if (option.equals("-f") || option.equals("--file")) {
                    dockerfile = value;
                }
            } else if (!word.startsWith("-")) {
                context = word;
            }
        }
        if (context == null) {
            throw new IllegalArgumentException("docker build without a context: " + command);
        }
        Path contextDir = Repository.ROOT.resolve(context).normalize();
        Path file = dockerfile == null ? contextDir.resolve("Dockerfile") : Repository.ROOT.resolve(dockerfile).normalize();
        return Optional.of(new DockerBuild(command, List.copyOf(tags), file, contextDir));
    }
}
