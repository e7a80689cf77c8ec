package dev.multidocker.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.exceptions.response.HateoasErrorResponseProcessor;
import io.micronaut.http.server.exceptions.response.Error;
import jakarta.inject.Singleton;

/**
 * Micronaut's own refusals (wrong content type, body too large, no such route) in the same
 * {@code {"error": "..."}} shape as the API's, instead of HATEOAS links a client has no use for.
 */
@Singleton
@Replaces(HateoasErrorResponseProcessor.class)
class PlainErrorResponses implements ErrorResponseProcessor<ApiErrors.ErrorBody> {

    @Override
    public MutableHttpResponse<ApiErrors.ErrorBody> processResponse(ErrorContext context,
                                                                     MutableHttpResponse<?> response) {
        String message = context.getErrors().stream().findFirst().map(Error::getMessage)
                .orElse(response.status().getReason());
        return response.body(new ApiErrors.ErrorBody(message));
    }
}
