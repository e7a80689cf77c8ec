package dev.multidocker.deploy.images;

import dev.multidocker.deploy.validate.ImageNames;
import java.util.Optional;

/**
 * Points the images CI builds at the build being deployed: {@code multidocker/multi-server:latest} with
 * tag {@code 3f2a9c1} and registry {@code 123.dkr.ecr.eu-west-1.amazonaws.com} becomes
 * {@code 123.dkr.ecr.eu-west-1.amazonaws.com/multi-server:3f2a9c1}. Other images are left alone.
 */
public final class ImageRenderer {
    private final Optional<String> registry;
    private final Optional<String> tag;

    public ImageRenderer(Optional<String> registry, Optional<String> tag) {
        this.registry = registry;
        this.tag = tag;
    }

    public String render(String image) {
        String repository = ImageNames.repository(image);
        if (!ImageNames.COURSE_IMAGES.contains(repository)) {
            return image;
        }
        String untagged = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int tagStart = untagged.lastIndexOf(':');
        if (tagStart > untagged.lastIndexOf('/')) {
            untagged = untagged.substring(0, tagStart);
        }
        String prefix = registry.orElse(untagged.contains("/") ? untagged.substring(0, untagged.lastIndexOf('/')) : "");
        String name = prefix.isEmpty() ? repository : prefix + "/" + repository;
        return tag.map(t -> name + ":" + t).orElse(image.equals(untagged) ? name : name + image.substring(untagged.length()));
    }
}
