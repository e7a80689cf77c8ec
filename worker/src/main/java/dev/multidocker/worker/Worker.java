package dev.multidocker.worker;

import io.micronaut.runtime.Micronaut;

public final class Worker {

    private Worker() {
    }

    public static void main(String[] args) {
        Micronaut.run(Worker.class, args);
    }
}
