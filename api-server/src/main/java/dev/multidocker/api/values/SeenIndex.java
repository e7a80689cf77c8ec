package dev.multidocker.api.values;

import io.micronaut.serde.annotation.Serdeable;

/** A row of the course's {@code values} table: an index someone submitted, as {@code {"number": 5}}. */
@Serdeable
public record SeenIndex(int number) {
}
