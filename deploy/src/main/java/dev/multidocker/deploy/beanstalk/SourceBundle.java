package dev.multidocker.deploy.beanstalk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multidocker.deploy.cli.Stop;
import dev.multidocker.deploy.images.ImageRenderer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The application source bundle: a zip with Dockerrun.aws.json (multi-container platform) or, for the current
 * Docker platform, the production compose file as docker-compose.yml; images point at the build being deployed.
 */
final class SourceBundle {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMPOSE_IMAGE = Pattern.compile("(?m)^(\\s*image:\\s*)([\"']?)([^\\s\"'#]+)\\2");

    private SourceBundle() {
    }

    static byte[] zip(Path file, ImageRenderer images) {
        try {
            String text = Files.readString(file);
            boolean dockerrun = file.getFileName().toString().endsWith(".json");
            String entry = dockerrun ? "Dockerrun.aws.json" : "docker-compose.yml";
            String rendered = dockerrun ? renderDockerrun(text, images) : renderCompose(text, images);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.write(rendered.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String renderDockerrun(String text, ImageRenderer images) throws IOException {
        JsonNode root = JSON.readTree(text);
        if (!(root instanceof ObjectNode)) {
            throw Stop.invalidInput("Dockerrun.aws.json is not a JSON object");
        }
        for (JsonNode container : root.path("containerDefinitions")) {
            ((ObjectNode) container).put("image", images.render(container.path("image").asText()));
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static String renderCompose(String text, ImageRenderer images) {
        Matcher matcher = COMPOSE_IMAGE.matcher(text);
        StringBuilder rendered = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(rendered, Matcher.quoteReplacement(matcher.group(1) + images.render(matcher.group(3))));
        }
        matcher.appendTail(rendered);
        return rendered.toString();
    }
}
