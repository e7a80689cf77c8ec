package dev.multidocker.api.values;

import io.micronaut.http.HttpStatus;

/**
 * A submitted index that is refused, with the status and the words the user sees. It is an answer, not a
 * fault, so it carries no stack trace, which a flood of bad requests would otherwise pay for on every one.
 */
public class InvalidIndexException extends RuntimeException {

    private final HttpStatus status;

    InvalidIndexException(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
