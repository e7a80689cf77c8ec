package dev.multidocker.deploy.sim;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Path-style S3 buckets and objects (PUT /bucket/key), enough for uploading a source bundle. */
public final class S3Simulation {
    private final Map<String, Map<String, byte[]>> buckets = new ConcurrentHashMap<>();

    public void createBucket(String name) {
        buckets.putIfAbsent(name, new ConcurrentHashMap<>());
    }

    public byte[] object(String bucket, String key) {
        return buckets.getOrDefault(bucket, Map.of()).get(key);
    }

    boolean exists(String bucket, String key) {
        return object(bucket, key) != null;
    }

    /** Returns the ETag, the MD5 of the content that the SDK checks its upload against. */
    String handle(String method, String path, byte[] body) {
        String[] parts = path.substring(1).split("/", 2);
        Map<String, byte[]> bucket = buckets.get(parts[0]);
        if (bucket == null) {
            throw new SimulatedError(404, "NoSuchBucket", "The specified bucket does not exist");
        }
        if (!method.equals("PUT") || parts.length < 2) {
            throw new SimulatedError(405, "MethodNotAllowed", method + " " + path + " is not simulated");
        }
        bucket.put(parts[1], body);
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
