package dev.multidocker.api.values;

import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/**
 * A row of the course's {@code values} table: an index someone submitted, once, with {@code id} giving
 * the order in which indexes were first seen.
 */
@MappedEntity("values")
record SeenIndex(@Id @GeneratedValue Long id, int number) {
}
