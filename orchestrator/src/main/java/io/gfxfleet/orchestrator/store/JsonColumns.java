package io.gfxfleet.orchestrator.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.gfxfleet.protocol.json.Json;
import io.gfxfleet.protocol.messages.TestResult;

import java.util.List;

/** JSON-in-a-TEXT-column: lists and subTests stored the same way on SQLite and PostgreSQL. */
final class JsonColumns {
    static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};
    static final TypeReference<List<TestResult.SubTestResult>> SUBTESTS = new TypeReference<>() {};

    private JsonColumns() {}

    static String toJson(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    static <T> T fromJson(String text, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON column: " + e.getOriginalMessage(), e);
        }
    }
}
