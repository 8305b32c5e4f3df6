package io.gfxfleet.orchestrator.intake;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexAllowlistTest {
    @Test
    void eitherS3HostFormOfAnAllowedBucketIsAllowed() {
        IndexAllowlist global = new IndexAllowlist(List.of("https://therock-ci-artifacts.s3.amazonaws.com/"));
        assertTrue(global.permits("https://therock-ci-artifacts.s3.amazonaws.com/22001-linux/python/index.html"));
        assertTrue(global.permits("https://therock-ci-artifacts.s3.us-east-2.amazonaws.com/22001-linux/python/index.html"));
        assertFalse(global.permits("https://therock-ci-artifacts-external.s3.amazonaws.com/22001-linux/python/index.html"));
        assertFalse(global.permits("https://therock-ci-artifacts.s3.us-east-2.amazonaws.com/x/../../other/index.html"));

        IndexAllowlist regional = new IndexAllowlist(List.of("https://therock-ci-artifacts.s3.us-east-2.amazonaws.com/"));
        assertTrue(regional.permits("https://therock-ci-artifacts.s3.amazonaws.com/22001-linux/python/"));
        assertFalse(regional.permits("https://therock-ci-artifacts.evil.example/22001-linux/python/"));
    }
}
