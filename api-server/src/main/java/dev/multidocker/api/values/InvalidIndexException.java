package dev.multidocker.api.values;

import io.micronaut.http.HttpStatus;

/** A submitted index that is refused, with the status and the words the user sees. */
public class InvalidIndexException extends RuntimeException {

    private final HttpStatus status;

    InvalidIndexException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
