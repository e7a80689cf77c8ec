package dev.multidocker.deploy.validate;

import java.util.Set;

/** The part of an image reference that says what was built: {@code registry/owner/multi-client:sha} → multi-client. */
public final class ImageNames {
    /** The course's four images (client/, api-server/, worker/, nginx/), assumed when no CI file tags any yet. */
    public static final Set<String> COURSE_IMAGES = Set.of("multi-client", "multi-server", "multi-worker", "multi-nginx");

    /**
     * Images the files run beside the course's own and CI does not build: the AWS Distro for OpenTelemetry
     * collector sidecar (aws/ecs, Dockerrun.aws.json). They must name a fixed release, never latest.
     */
    public static final Set<String> SIDECAR_IMAGES = Set.of("aws-otel-collector");

    private ImageNames() {
    }

    /** A sidecar image with a release tag or a digest: the same bytes run on every deployment. */
    public static boolean pinnedSidecar(String image) {
        if (!SIDECAR_IMAGES.contains(repository(image))) {
            return false;
        }
        String lastSegment = image.substring(image.lastIndexOf('/') + 1);
        return image.contains("@") || lastSegment.contains(":") && !lastSegment.endsWith(":latest");
    }

    public static String repository(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        String lastSegment = withoutDigest.substring(withoutDigest.lastIndexOf('/') + 1);
        int tag = lastSegment.indexOf(':');
        return tag < 0 ? lastSegment : lastSegment.substring(0, tag);
    }
}
