package io.gfxfleet.protocol.url;

import io.gfxfleet.protocol.json.Json;
import io.gfxfleet.protocol.messages.ResultBatch;
import io.gfxfleet.protocol.messages.RunSubmission;
import io.gfxfleet.protocol.pep.Pep440Version;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Hostile-input suite, parsers of the shared vocabulary: random and mutated inputs, seeded and
 * bounded by iteration count. Each parser either accepts or refuses with its own exception;
 * nothing else escapes, and what the URL policy accepts cannot be read as another path by a
 * server that decodes before it normalises.
 */
class ParserFuzzTest {
    static final long SEED = 15L;
    static final int ITERATIONS = 4_000;
    static final String ALPHABET = "aA0.-_~%2eEfF5cC3bB/\\;:@?#&=+ ..%%..//";
    static final List<String> SEEDS = List.of(
            "http://host/allowed/12345-linux/python/gfx94X-dcgpu/simple/",
            "http://host/allowed/%2E%2E/evil/index.html",
            "https://bucket.s3.amazonaws.com/runs/v/dist/rocm-7.10.0%2Bbkc.tar.gz",
            "http://host/allowed/find-links.html?X-Amz-Signature=abc");
    static final IndexUrlPolicy POLICY = IndexUrlPolicy.of(List.of("http://host/allowed/", "https://bucket.s3.amazonaws.com/runs/"));

    static String mutate(Random r, String s) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = b.isEmpty() ? 0 : r.nextInt(b.length());
            switch (r.nextInt(4)) {
                case 0 -> b.insert(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                case 1 -> { if (!b.isEmpty()) b.deleteCharAt(at); }
                case 2 -> b.insert(at, List.of("%2E", "%2e", "%2F", "%5C", "%3B", "%252e", "..", "/../", ";", "%00", "@").get(r.nextInt(11)));
                default -> { if (!b.isEmpty()) b.setCharAt(at, (char) (r.nextInt(0x80))); }
            }
        }
        return b.toString();
    }

    @Test
    void urlPolicyAcceptsOnlyWhatNoDecodingServerCanReadAsAnotherPath() {
        Random r = new Random(SEED);
        int accepted = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            String url = mutate(r, SEEDS.get(r.nextInt(SEEDS.size())));
            boolean permitted;
            try {
                permitted = POLICY.permits(url);
            } catch (RuntimeException e) {
                fail("policy threw on '" + url + "'", e);
                return;
            }
            if (!permitted) {
                continue;
            }
            accepted++;
            IndexUrl parsed = IndexUrl.parse(url);
            String rawPath = java.net.URI.create(url).getRawPath();
            // Decode repeatedly, as a careless server chain might: no dot segment, backslash or ';' may appear.
            String decoded = rawPath;
            for (int d = 0; d < 3; d++) {
                decoded = URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
            }
            for (String segment : decoded.split("/")) {
                assertFalse(segment.equals("..") || segment.equals("."), url + " decodes to a dot segment: " + decoded);
            }
            assertFalse(decoded.contains("\\") || decoded.contains(";"), url + " decodes to " + decoded);
            assertTrue(POLICY.permits(parsed.toString()), "canonical form stays permitted: " + parsed);
        }
        assertTrue(accepted > 20, "the fuzzer also reaches accepted URLs: " + accepted);
    }

    @Test
    void pep440NeverThrowsAndBoundsItsWork() {
        Random r = new Random(SEED);
        String chars = "0123456789.!+-_abcdeilnoprstv ";
        for (int i = 0; i < ITERATIONS; i++) {
            int length = r.nextInt(40) == 0 ? 5_000 + r.nextInt(5_000) : r.nextInt(40);
            StringBuilder b = new StringBuilder(length);
            for (int c = 0; c < length; c++) {
                b.append(chars.charAt(r.nextInt(chars.length())));
            }
            String v = b.toString();
            boolean valid = Pep440Version.isValid(v);
            assertTrue(!valid || v.length() <= Pep440Version.MAX_LENGTH, v);
        }
    }

    @Test
    void wireRecordsReadOrRefuseNeverCrash() {
        Random r = new Random(SEED);
        List<String> seeds = List.of(
                "{\"run_id\": \"1\", \"artifact_group\": \"gfx94X-dcgpu\", \"version\": \"7.10.0\", \"families\": [\"a\"]}",
                "{\"lease_token\": \"t\", \"sequence\": 1, \"results\": [{\"test_id\": \"a\", \"status\": \"passed\", \"duration_millis\": 3}]}");
        for (int i = 0; i < ITERATIONS / 4; i++) {
            String json = mutate(r, seeds.get(i % 2));
            if (r.nextInt(50) == 0) {
                json = "[".repeat(5_000) + json;
            }
            try {
                Class<?> type = i % 2 == 0 ? RunSubmission.class : ResultBatch.class;
                Json.MAPPER.readValue(json, type);
            } catch (com.fasterxml.jackson.core.JacksonException expected) {
                // refused: fine
            } catch (RuntimeException e) {
                fail("unexpected " + e + " on " + json);
            }
        }
    }
}
