package dev.multidocker.api.values;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

/** A row of the course's {@code values} table: an index someone submitted, as {@code {"number": 5}}. */
@MappedEntity("values")
@Serdeable
public record SeenIndex(@Id @GeneratedValue @JsonIgnore Long id, int number) {
}
