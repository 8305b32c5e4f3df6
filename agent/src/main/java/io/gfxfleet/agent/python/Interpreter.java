package io.gfxfleet.agent.python;

/**
 * One Python this agent can make venvs with: {@code version} is what jobs ask for ({@code 3.11}),
 * {@code exactVersion} what it reported ({@code 3.11.7}; null when not asked), {@code executable}
 * its path or a name looked up on PATH.
 */
public record Interpreter(String version, String exactVersion, String executable) {}
