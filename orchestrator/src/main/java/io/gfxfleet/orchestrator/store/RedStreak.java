package io.gfxfleet.orchestrator.store;

/**
 * When a family last went red. Red is a job that failed or timed out (the package's fault); green
 * a job that passed; infra errors, cancellations and expiries are neither and are skipped.
 * {@code wentRed} is the first red job after the last green one before {@code lastRed}, so it is
 * the start of the current red streak when {@code red} is true, else of the most recent past one.
 */
public record RedStreak(String family, boolean red, FamilyJobRef wentRed, FamilyJobRef lastRed, FamilyJobRef lastGreen) {}
