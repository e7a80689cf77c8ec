package dev.multidocker.service.redis;

import io.lettuce.core.RedisURI;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Redis location and credentials from the course's {@code REDIS_HOST} and {@code REDIS_PORT}, plus
 * {@code REDIS_TLS} and {@code REDIS_PASSWORD} for ElastiCache with in-transit encryption and AUTH. With TLS the
 * server's certificate is verified, host name included, against the JVM's trusted CAs, which hold the Amazon
 * roots ElastiCache's certificates chain to; {@code REDIS_TLS_CA_FILE} names a PEM file of CAs to trust
 * instead (a private CA, the tests' own).
 */
@ConfigurationProperties("redis")
public record RedisSettings(
        @Bindable(defaultValue = "localhost") String host,
        @Bindable(defaultValue = "6379") int port,
        @Bindable(defaultValue = "false") boolean tls,
        @Nullable String password,
        @Nullable Path tlsCaFile,
        @Bindable(defaultValue = "2s") Duration commandTimeout) {

    public RedisSettings {
        // A classic mistake is to paste the ElastiCache endpoint with its port into REDIS_HOST.
        if (host.matches("[^:]+:[0-9]+")) {
            throw new ConfigurationException("REDIS_HOST must be a host name without a port, got '" + host
                    + "': put the port in REDIS_PORT");
        }
        if (tlsCaFile != null && !tls) {
            throw new ConfigurationException("REDIS_TLS_CA_FILE is set (" + tlsCaFile + ") but REDIS_TLS is not true:"
                    + " a CA file is used only over TLS");
        }
        if (tlsCaFile != null && !Files.isReadable(tlsCaFile)) {
            throw new ConfigurationException("REDIS_TLS_CA_FILE names " + tlsCaFile + ", which is not a readable file");
        }
    }

    public RedisURI uri() {
        RedisURI.Builder builder = RedisURI.builder()
                .withHost(host)
                .withPort(port)
                .withSsl(tls)
                .withTimeout(commandTimeout);
        if (password != null && !password.isEmpty()) {
            builder.withPassword(password.toCharArray());
        }
        return builder.build();
    }
}
