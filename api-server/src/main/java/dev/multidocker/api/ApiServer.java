package dev.multidocker.api;

import dev.multidocker.service.logging.ConsoleLogging;
import io.micronaut.runtime.Micronaut;

public final class ApiServer {

    private ApiServer() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(ApiServer.class).banner(!ConsoleLogging.writesJson()).start();
    }
}
