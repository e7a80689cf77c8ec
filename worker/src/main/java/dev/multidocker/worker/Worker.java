package dev.multidocker.worker;

import dev.multidocker.service.logging.ConsoleLogging;
import io.micronaut.runtime.Micronaut;

public final class Worker {

    private Worker() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Worker.class).banner(!ConsoleLogging.writesJson()).start();
    }
}
