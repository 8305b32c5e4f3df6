package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.RunView;

/** The outcome of a submission: {@code created} is false when the same run existed already. */
public record RunCreation(RunView run, boolean created) {}
