package dev.multidocker.api;

import io.micronaut.runtime.Micronaut;

public final class ApiServer {

    private ApiServer() {
    }

    public static void main(String[] args) {
        Micronaut.run(ApiServer.class, args);
    }
}
