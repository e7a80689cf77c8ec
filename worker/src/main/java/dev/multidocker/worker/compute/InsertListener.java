package dev.multidocker.worker.compute;

import dev.multidocker.contract.CanonicalIndex;
import dev.multidocker.contract.FibSettings;
import dev.multidocker.contract.ValuesContract;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.OptionalInt;

/**
 * Messages on {@code insert}. Runs on Lettuce's event loop, so it only checks and queues. A message that
 * is not a canonical index within the limit is logged and skipped: anything can publish on the channel,
 * and the course's worker dies of a stack overflow on {@code abc}.
 */
@Singleton
class InsertListener extends RedisPubSubAdapter<String, String> {

    private static final Logger LOG = LoggerFactory.getLogger(InsertListener.class);
    private static final int LONGEST_ECHO = 40;

    private final ComputeQueue queue;
    private final int maxIndex;
    private final Counter skipped;

    InsertListener(ComputeQueue queue, FibSettings settings, MeterRegistry registry) {
        this.queue = queue;
        this.maxIndex = settings.maxIndex();
        this.skipped = Counter.builder("worker.messages.skipped")
                .description("Messages on the insert channel that are not an index within the limit").register(registry);
    }

    @Override
    public void message(String channel, String message) {
        if (!ValuesContract.INSERT_CHANNEL.equals(channel)) {
            return;
        }
        OptionalInt index = CanonicalIndex.parse(message);
        if (index.isEmpty() || index.getAsInt() > maxIndex) {
            LOG.warn("Skipped a message on '{}' that is not an index from 0 to {}: '{}'", channel, maxIndex,
                    message.length() <= LONGEST_ECHO ? message : message.substring(0, LONGEST_ECHO) + "…");
            skipped.increment();
            return;
        }
        queue.submit(index.getAsInt());
    }
}
