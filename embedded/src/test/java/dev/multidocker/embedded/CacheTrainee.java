package dev.multidocker.embedded;

/** The smallest program a cache can be trained on, for ServiceProcessCacheTest: it ends at once. */
public final class CacheTrainee {

    private CacheTrainee() {
    }

    public static void main(String[] args) {
        System.out.println("trained on " + Runtime.version());
    }
}
