package dev.multidocker.cicd;

/**
 * An image reference as CI files write it, e.g. {@code $DOCKER_ID/multi-client:$SHA}: the owner or registry part
 * before the last slash, the repository name, and the tag (empty when none is written).
 */
record ImageReference(String owner, String repository, String tag) {

    static ImageReference parse(String reference) {
        int slash = reference.lastIndexOf('/');
        String owner = slash < 0 ? "" : reference.substring(0, slash);
        String last = reference.substring(slash + 1);
        int colon = last.indexOf(':');
        return colon < 0 ? new ImageReference(owner, last, "") : new ImageReference(owner, last.substring(0, colon), last.substring(colon + 1));
    }

    /**
     * An image pulled as its publisher ships it (the ADOT collector sidecar from public.ecr.aws), which CI does not
     * build: its owner starts with a registry's host name, the project's own images with a Docker ID.
     */
    boolean fromPublicRegistry() {
        int slash = owner.indexOf('/');
        return (slash < 0 ? owner : owner.substring(0, slash)).contains(".");
    }
}
