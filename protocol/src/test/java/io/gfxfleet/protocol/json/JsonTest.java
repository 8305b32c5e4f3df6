package io.gfxfleet.protocol.json;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.RunSubmission;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    @Test
    void theWireIsSnakeCaseWithLowerCaseEnums() throws Exception {
        TestResult r = new TestResult("libraries", "core", "rocm_sdk.tests.core_test.ROCmCoreTest.testCLI",
                "rocm_sdk.tests.core_test.ROCmCoreTest", "testCLI", TestStatus.EXPECTED_FAILURE, 12L, null, null, List.of());
        String json = Json.MAPPER.writeValueAsString(r);
        assertTrue(json.contains("\"test_id\":") && json.contains("\"status\":\"expected_failure\""), json);
        assertEquals(r, Json.MAPPER.readValue(json, TestResult.class));
        assertEquals("\"infra_error\"", Json.MAPPER.writeValueAsString(JobState.INFRA_ERROR));
    }

    @Test
    void aMisspeltFieldIsAnErrorNotSilence() {
        assertThrows(UnrecognizedPropertyException.class,
                () -> Json.MAPPER.readValue("{\"run_id\": \"1\", \"famlies\": []}", RunSubmission.class));
    }

    @Test
    void trailingGarbageDuplicateKeysAndCoercedScalarsAreErrors() {
        assertThrows(com.fasterxml.jackson.core.JsonProcessingException.class,
                () -> Json.MAPPER.readValue("{\"run_id\": \"1\"} trailing", RunSubmission.class));
        assertThrows(com.fasterxml.jackson.core.JsonProcessingException.class,
                () -> Json.MAPPER.readValue("{\"run_id\": \"1\", \"run_id\": \"2\"}", RunSubmission.class));
        assertThrows(com.fasterxml.jackson.core.JsonProcessingException.class,
                () -> Json.MAPPER.readValue("{\"run_id\": 12}", RunSubmission.class));
        assertThrows(com.fasterxml.jackson.core.JsonProcessingException.class,
                () -> Json.MAPPER.readValue("{\"sequence\": \"3\"}", io.gfxfleet.protocol.messages.ResultBatch.class));
    }
}
