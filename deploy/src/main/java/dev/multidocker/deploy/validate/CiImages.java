package dev.multidocker.deploy.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The image repositories CI builds, read from the tags of its docker build commands. */
final class CiImages {
    private static final Pattern BUILD_TAG = Pattern.compile("(?:\\s-t|--tag)[ =]+[\"']?([^\\s\"']+)");
    private static final Pattern YAML_TAGS = Pattern.compile("tags:\\s*[|>]?\\s*[\"']?([^\\s\"',]+)");

    private CiImages() {
    }

    static List<Path> ciFiles(Path root) {
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(root.resolve(".travis.yml"))) {
            files.add(root.resolve(".travis.yml"));
        }
        Path workflows = root.resolve(".github/workflows");
        if (Files.isDirectory(workflows)) {
            try (Stream<Path> list = Files.list(workflows)) {
                list.filter(p -> p.toString().matches(".*\\.ya?ml")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    static Set<String> built(List<Path> ciFiles) {
        Set<String> images = new LinkedHashSet<>();
        for (Path file : ciFiles) {
            try {
                String text = Files.readString(file);
                collect(BUILD_TAG.matcher(text), images);
                collect(YAML_TAGS.matcher(text), images);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return images;
    }

    private static void collect(Matcher matcher, Set<String> images) {
        while (matcher.find()) {
            images.add(ImageNames.repository(matcher.group(1)));
        }
    }
}
