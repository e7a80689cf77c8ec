package dev.multidocker.system;

import dev.multidocker.fixtures.stack.ApiClient;
import dev.multidocker.fixtures.stack.AppStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.multidocker.fixtures.stack.AppStack.VALUE_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** SPEC §2 end to end: POST → PostgreSQL, Redis, channel → worker → the value through the API. */
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
            assertEquals(new ApiClient.Response(200, "{\"working\":true}"), api.submit(index));
        }

        assertEquals("21", api.awaitValue(7, VALUE_TIMEOUT));
        assertEquals("165580141", api.awaitValue(40, VALUE_TIMEOUT));
        assertEquals("1", api.awaitValue(0, VALUE_TIMEOUT));
        assertEquals("1", api.awaitValue(1, VALUE_TIMEOUT));
        assertEquals("55", api.awaitValue(9, VALUE_TIMEOUT));

        assertEquals(List.of(7, 40, 0, 1, 9), api.seen());
        assertEquals(List.of("0", "1", "7", "9", "40"), List.copyOf(api.current().keySet()));
    }

    @Test
    void greetsLikeTheCourse() {
        assertEquals(new ApiClient.Response(200, "Hi"), stack.api().get(""));
    }
}
