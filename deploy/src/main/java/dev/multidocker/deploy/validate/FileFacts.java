package dev.multidocker.deploy.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the cross-file checks need from one checked file: the images it runs and how its router resolves hosts. */
public record FileFacts(List<ImageUse> images, List<RouterTarget> routers) {

    /** An image reference in a file. */
    public record ImageUse(String file, String container, String image) {
    }

    /**
     * The names the router container can reach in one deployment target. {@code ports} is filled where the
     * target also fixes the port of a name (Service Connect client aliases).
     */
    public record RouterTarget(String file, String container, String field, Set<String> hosts, Map<String, Integer> ports) {
    }

    public static FileFacts none() {
        return new FileFacts(List.of(), List.of());
    }

    public FileFacts plus(FileFacts other) {
        List<ImageUse> allImages = new ArrayList<>(images);
        allImages.addAll(other.images);
        List<RouterTarget> allRouters = new ArrayList<>(routers);
        allRouters.addAll(other.routers);
        return new FileFacts(allImages, allRouters);
    }
}
