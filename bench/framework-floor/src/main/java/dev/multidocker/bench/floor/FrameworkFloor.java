package dev.multidocker.bench.floor;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.runtime.Micronaut;

/**
 * The least a service on this stack can be: Micronaut's Netty server, its JSON and its health endpoint, and
 * one route. The benchmark starts it as it starts the api and the worker (jvm.options, the ahead-of-time
 * cache), so that their start to ready and memory can be read against what the framework takes before any
 * of the app's code runs.
 */
@Controller
public class FrameworkFloor {

    @Get(produces = MediaType.TEXT_PLAIN)
    String hi() {
        return "Hi";
    }

    public static void main(String[] args) {
        Micronaut.run(FrameworkFloor.class, args);
    }
}
