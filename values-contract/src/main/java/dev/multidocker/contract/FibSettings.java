package dev.multidocker.contract;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code FIB_MAX_INDEX} (Micronaut maps it to {@code fib.max-index}): the largest index the API accepts
 * and the worker computes. The worker enforces it too, because anything can publish on the channel.
 */
@ConfigurationProperties("fib")
public record FibSettings(@Bindable(defaultValue = "40") int maxIndex) {

    public FibSettings {
        if (maxIndex < 0) {
            throw new ConfigurationException("FIB_MAX_INDEX must be 0 or more, got " + maxIndex);
        }
    }
}
