package dev.multidocker.deploy.validate;

import java.util.Set;

/** The part of an image reference that says what was built: {@code registry/owner/multi-client:sha} → multi-client. */
public final class ImageNames {
    /** The course's four images (client/, api-server/, worker/, nginx/), assumed when no CI file tags any yet. */
    public static final Set<String> COURSE_IMAGES = Set.of("multi-client", "multi-server", "multi-worker", "multi-nginx");

    private ImageNames() {
    }

    public static String repository(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        String lastSegment = withoutDigest.substring(withoutDigest.lastIndexOf('/') + 1);
        int tag = lastSegment.indexOf(':');
        return tag < 0 ? lastSegment : lastSegment.substring(0, tag);
    }
}
