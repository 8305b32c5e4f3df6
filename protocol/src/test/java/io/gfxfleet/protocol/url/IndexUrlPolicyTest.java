package io.gfxfleet.protocol.url;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probes that escaped the old prefix check, and the URLs ROCm's indexes really use. */
class IndexUrlPolicyTest {
    static final IndexUrlPolicy POLICY = IndexUrlPolicy.of(List.of("http://host/allowed/", "https://bucket.s3.amazonaws.com/runs/"));

    @ParameterizedTest
    @ValueSource(strings = {
            "http://host/allowed/%2E%2E/evil/index.html",
            "http://host/allowed/%2e%2e/evil/index.html",
            "http://host/allowed/..%2Fevil/index.html",
            "http://host/allowed/%2F..%2Fevil/",
            "http://host/allowed/..;/evil/",
            "http://host/allowed/x;jsessionid=1/",
            "http://host/allowed/%252e%252e/evil/",
            "http://host/allowed/%5C..%5Cevil/",
            "http://host/allowed/../evil/",
            "http://host/allowed/./x/",
            "http://host/allowed//x/",
            "http://host/allowed/.%2E/evil/",
            "http://user:pass@host/allowed/x/",
            "http://host@evil/allowed/x/",
            "http://host/allowed\\..\\evil/",
            "http://host/allowed/x/#frag",
            "http://host/allowed-not/x/",
            "http://host/allowed",
            "http://host:8080/allowed/x/",
            "https://host/allowed/x/",
            "http://evil/allowed/x/",
            "ftp://host/allowed/x/",
            "http://host/allowed/%zz/",
            "http://host/allowed/%4/",
            "http://host/allowed/%00/",
            "http://host/allowed/ x/",
            "",
    })
    void escapesAndLookalikesAreRefused(String url) {
        assertFalse(POLICY.permits(url), url);
        assertTrue(POLICY.refusal(url).isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://host/allowed/12345-linux/python/gfx94X-dcgpu/simple/",
            "http://HOST:80/allowed/x/",
            "http://host/allowed/%78/",
            "http://host/allowed/v/dist/rocm-7.10.0%2Bbkc.1.tar.gz",
            "http://host/allowed/find-links.html?X-Amz-Signature=abc",
            "https://bucket.s3.amazonaws.com:443/runs/1-linux/python/simple/",
    })
    void urlsUnderAPrefixArePermitted(String url) {
        assertTrue(POLICY.permits(url), () -> url + ": " + POLICY.refusal(url));
    }

    @Test
    void unreservedEscapesAreDecodedOthersKept() {
        IndexUrl u = IndexUrl.parse("HTTP://Host/a%7Eb/c%2bd/");
        assertEquals("http://host:80/a~b/c%2Bd/", u.toString());
        assertEquals(List.of("a~b", "c%2Bd"), u.segments());
    }

    @Test
    void anyPolicyStillRefusesMalformedUrls() {
        assertTrue(IndexUrlPolicy.ANY.permits("http://anything/x/"));
        assertFalse(IndexUrlPolicy.ANY.permits("http://anything/a/%2E%2E/x/"));
        assertThrows(IllegalArgumentException.class, () -> IndexUrlPolicy.of(List.of("http://host/no-slash")));
    }

    @Test
    void credentialsAreRedacted() {
        assertEquals("https://REDACTED@h/x/?REDACTED", Redaction.redact("https://u:p@h/x/?X-Amz-Signature=s"));
        assertEquals("http://h/x/", Redaction.redact("http://h/x/"));
    }
}
