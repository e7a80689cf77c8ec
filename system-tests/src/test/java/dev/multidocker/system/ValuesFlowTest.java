package dev.multidocker.system;

import dev.multidocker.fixtures.stack.ApiClient;
import dev.multidocker.fixtures.stack.AppStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.multidocker.fixtures.stack.AppStack.VALUE_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

/** The contract (docs/contract.md) end to end: POST → PostgreSQL, Redis, channel → worker → the value through the API. */
class ValuesFlowTest {

    private static AppStack stack;

    @BeforeAll
    static void start() {
        stack = AppStack.started("values-flow");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void computesSubmittedIndexesAndListsEachOnceInFirstSeenOrder() {
        ApiClient api = stack.api();
        for (int index : new int[] {7, 40, 0, 7, 1, 9, 40}) {
            assertThat(api.submit(index)).isEqualTo(new ApiClient.Response(200, "{\"working\":true}"));
        }

        assertThat(api.awaitValue(7, VALUE_TIMEOUT)).isEqualTo("21");
        assertThat(api.awaitValue(40, VALUE_TIMEOUT)).isEqualTo("165580141");
        assertThat(api.awaitValue(0, VALUE_TIMEOUT)).isEqualTo("1");
        assertThat(api.awaitValue(1, VALUE_TIMEOUT)).isEqualTo("1");
        assertThat(api.awaitValue(9, VALUE_TIMEOUT)).isEqualTo("55");

        assertThat(api.seen()).containsExactly(7, 40, 0, 1, 9);
        assertThat(api.current().keySet()).containsExactly("0", "1", "7", "9", "40");
    }

    @Test
    void greetsLikeTheCourse() {
        assertThat(stack.api().get("")).isEqualTo(new ApiClient.Response(200, "Hi"));
    }
}
