package dev.multidocker.service.redis;

/** Redis cannot take a command right now: not yet connected, or reconnecting after a drop. */
public class RedisUnavailableException extends RuntimeException {

    public RedisUnavailableException(String message) {
        super(message);
    }
}
