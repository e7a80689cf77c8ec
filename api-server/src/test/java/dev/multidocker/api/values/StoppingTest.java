package dev.multidocker.api.values;

import dev.multidocker.api.TestStores;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;
import java.util.concurrent.ExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A request that needs a blocking thread once the api has begun to stop, and its blocking threads take no more
 * work: a 503 that names it, which a caller or load balancer retries on another task, not a 500.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoppingTest implements TestPropertyProvider {

    private static final TestStores STORES = TestStores.shared();

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    @Named(TaskExecutors.IO)
    ExecutorService blocking;

    @Override
    public Map<String, String> getProperties() {
        return STORES.apiProperties();
    }

    @Test
    void answersWhatNeedsPostgresWith503OnceItsBlockingThreadsStop() {
        assertThat(TestStores.becomesReady(http)).as("api-server ready").isTrue();
        blocking.shutdown();

        // An index this process has not recorded yet, so the POST must write it.
        assertStopping(HttpRequest.POST("/values", "{\"index\": 17}").contentType(MediaType.APPLICATION_JSON));
        assertStopping(HttpRequest.GET("/values/all"));
    }

    private void assertStopping(HttpRequest<?> request) {
        HttpClientResponseException refusal = assertThatExceptionOfType(HttpClientResponseException.class)
                .isThrownBy(() -> http.toBlocking().exchange(request, String.class)).actual();
        assertThat(refusal.code()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE.getCode());
        assertThat(refusal.getResponse().getBody(String.class).orElse("")).contains("The api is stopping");
    }
}
