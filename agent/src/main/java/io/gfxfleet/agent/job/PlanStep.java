package io.gfxfleet.agent.job;

import java.util.List;

/**
 * One step of the test plan: install {@code rocm[extras]==V} (into a fresh venv, or upgrading the
 * previous step's) and run {@code rocm-sdk test}. {@code expect} names the components whose tests
 * must run for the step to count (so a "skipping libraries tests" note is a failure, not a pass).
 */
public record PlanStep(String name, List<String> extras, boolean freshVenv, List<String> expect) {
    public PlanStep {
        extras = List.copyOf(extras);
        expect = List.copyOf(expect);
    }

    /** Mirrors TheRock's test_rocm_wheels.yml: libraries first, then the same venv with devel. */
    public static List<PlanStep> standardPlan() {
        return List.of(
                new PlanStep("libraries", List.of("libraries"), true, List.of("base", "core", "libraries")),
                new PlanStep("devel", List.of("libraries", "devel"), false, List.of("base", "core", "libraries", "devel")));
    }

    public String requirement(String version) {
        return "rocm[" + String.join(",", extras) + "]==" + version;
    }
}
