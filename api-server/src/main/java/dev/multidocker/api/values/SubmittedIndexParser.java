package dev.multidocker.api.values;

import dev.multidocker.contract.FibSettings;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Reads the index out of a POST body: {@code {"index": 5}} or {@code {"index": "5"}}, a whole decimal
 * number from 0 to the limit. Everything else is refused with words that name the problem, before
 * anything is stored or published.
 */
@Singleton
class SubmittedIndexParser {

    private static final Pattern DECIMAL_DIGITS = Pattern.compile("[0-9]+");
    private static final int LONGEST_ECHO = 40;
    private static final String EXAMPLE = "send JSON like {\"index\": 5}";

    private final JsonMapper json;
    private final int maxIndex;

    SubmittedIndexParser(JsonMapper json, FibSettings settings) {
        this.json = json;
        this.maxIndex = settings.maxIndex();
    }

    int parse(String body) {
        if (body == null || body.isBlank()) {
            throw badRequest("The body is empty: " + EXAMPLE);
        }
        JsonNode root;
        try {
            root = json.readValue(body, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw badRequest("The body is not valid JSON: " + EXAMPLE);
        }
        if (root == null || !root.isObject()) {
            throw badRequest("The body must be a JSON object: " + EXAMPLE);
        }
        JsonNode index = root.get("index");
        if (index == null) {
            throw badRequest("index is missing: " + EXAMPLE);
        }
        return checkRange(wholeNumber(index));
    }

    private BigInteger wholeNumber(JsonNode index) {
        if (index.isNull()) {
            throw badRequest("index is null: it must be " + allowed());
        }
        if (index.isString()) {
            String text = index.getStringValue();
            if (!DECIMAL_DIGITS.matcher(text).matches()) {
                throw badRequest("index must be " + allowed() + ", got \"" + echo(text) + "\"");
            }
            return new BigInteger(text);
        }
        if (index.isNumber()) {
            Number number = index.getNumberValue();
            if (number instanceof Integer || number instanceof Long || number instanceof BigInteger
                    || number instanceof Short || number instanceof Byte) {
                return new BigInteger(number.toString());
            }
            throw badRequest("index must be " + allowed() + ", got " + echo(number.toString()));
        }
        throw badRequest("index must be " + allowed() + ", got " + kind(index));
    }

    private int checkRange(BigInteger value) {
        if (value.signum() < 0) {
            throw badRequest("index must not be negative, got " + echo(value.toString()));
        }
        if (value.bitLength() >= Integer.SIZE) {
            throw badRequest("index " + echo(value.toString()) + " is out of range: it must be " + allowed());
        }
        if (value.intValue() > maxIndex) {
            throw new InvalidIndexException(HttpStatus.UNPROCESSABLE_ENTITY,
                    "Index too high: " + value + " is above the limit of " + maxIndex);
        }
        return value.intValue();
    }

    private String allowed() {
        return "a whole decimal number from 0 to " + maxIndex;
    }

    private static String kind(JsonNode node) {
        if (node.isBoolean()) {
            return "a boolean";
        }
        return node.isArray() ? "an array" : "an object";
    }

    private static String echo(String text) {
        return text.length() <= LONGEST_ECHO ? text : text.substring(0, LONGEST_ECHO) + "…";
    }

    private static InvalidIndexException badRequest(String message) {
        return new InvalidIndexException(HttpStatus.BAD_REQUEST, message);
    }
}
