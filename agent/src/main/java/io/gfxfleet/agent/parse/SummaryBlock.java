package io.gfxfleet.agent.parse;

/** One {@code ERROR:}/{@code FAIL:} block of the summary with its traceback. */
record SummaryBlock(SummaryHeader header, String message, String details) {}
