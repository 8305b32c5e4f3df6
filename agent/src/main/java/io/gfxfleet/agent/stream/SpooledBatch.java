package io.gfxfleet.agent.stream;

import io.gfxfleet.protocol.messages.TestResult;

import java.util.List;

/** One line of the spool file: a numbered batch, written before it is sent. */
public record SpooledBatch(long sequence, List<TestResult> results) {}
