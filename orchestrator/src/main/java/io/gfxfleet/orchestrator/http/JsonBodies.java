package io.gfxfleet.orchestrator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.gfxfleet.protocol.json.Json;
import io.gfxfleet.protocol.messages.ApiError;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.stream.Collectors;

/** Reading request bodies and writing JSON answers, with errors that name the field at fault. */
final class JsonBodies {
    private JsonBodies() {}

    static <T> T read(RoutingContext ctx, Class<T> type) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw new BadRequest("body", "request body is empty; expected a JSON object");
        }
        try {
            T value = Json.MAPPER.readValue(body.getBytes(), type);
            if (value == null) {
                throw new BadRequest("body", "request body must be a JSON object, got null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            // A field named "" (or only spaces) still gets an error naming something: where it was.
            String name = e.getPropertyName() == null || e.getPropertyName().isBlank() ? "body" : e.getPropertyName();
            throw new BadRequest(name, "unknown field '" + e.getPropertyName() + "'");
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String why = e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage() : e.getOriginalMessage();
            throw new BadRequest(field.isEmpty() ? "body" : field, (field.isEmpty() ? "body" : field) + ": " + why);
        } catch (JsonProcessingException e) {
            throw new BadRequest("body", "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequest("body", "unreadable body: " + e.getMessage());
        }
    }

    static void send(RoutingContext ctx, int status, Object value) {
        try {
            ctx.response().setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(Buffer.buffer(Json.MAPPER.writeValueAsBytes(value)));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }

    static void error(RoutingContext ctx, int status, String message, String field) {
        send(ctx, status, new ApiError(message, field));
    }
}
