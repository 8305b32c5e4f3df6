package io.gfxfleet.agent.job;

import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import io.gfxfleet.protocol.layout.RunPackaging;
import io.gfxfleet.protocol.pep.ProjectName;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
        return standardPlan(List.of());
    }

    /**
     * The standard plan for a kpack-split run: the family's device packages go in with the
     * libraries, as extras ({@code rocm[libraries,device-gfx942]}), in both steps.
     */
    public static List<PlanStep> standardPlan(List<String> deviceExtras) {
        List<String> libraries = new ArrayList<>(List.of("libraries"));
        libraries.addAll(deviceExtras);
        List<String> devel = new ArrayList<>(List.of("libraries", "devel"));
        devel.addAll(deviceExtras);
        return List.of(
                new PlanStep("libraries", libraries, true, List.of("base", "core", "libraries")),
                new PlanStep("devel", devel, false, List.of("base", "core", "libraries", "devel")));
    }

    /** The profiler in a venv of its own, when the run built it (Linux). */
    public static PlanStep profilerStep() {
        return new PlanStep("profiler", List.of("profiler"), true, List.of("base", "core", "profiler"));
    }

    /** The standard plan, plus the profiler step when the run's index holds {@code rocm-profiler}. */
    public static List<PlanStep> planFor(boolean runHasProfiler) {
        return planFor(runHasProfiler, List.of());
    }

    /** {@link #planFor(boolean)} with the device extras of a kpack-split run (see {@link DeviceExtras}). */
    public static List<PlanStep> planFor(boolean runHasProfiler, List<String> deviceExtras) {
        List<PlanStep> plan = new ArrayList<>(standardPlan(deviceExtras));
        if (runHasProfiler) {
            plan.add(profilerStep());
        }
        return List.copyOf(plan);
    }

    /**
     * The plan for a run of {@code packaging}: for kpack, every ISA of the family as a device extra
     * of the libraries and devel steps, refused by name when the run's index lacks one of their
     * device packages (the install would fail, or test less than the family); the profiler step
     * (no device extras) when the index offers {@code rocm-profiler}.
     */
    public static List<PlanStep> planFor(RunPackaging packaging, String family, Set<String> runProjects,
                                         FamilyCatalogue catalogue) {
        boolean profiler = runProjects.contains(ProjectName.normalize(JobRunner.PROFILER_PROJECT));
        if (packaging == RunPackaging.LEGACY) {
            return planFor(profiler);
        }
        List<String> missing = DeviceExtras.missingFrom(family, runProjects, catalogue);
        if (!missing.isEmpty()) {
            throw new PlanRefusedException("the kpack run offers no " + String.join(", ", missing) + " for family " + family
                    + " (it needs " + String.join(", ", DeviceExtras.forFamily(family, catalogue)) + ")");
        }
        List<String> extras = DeviceExtras.forFamily(family, catalogue);
        DeviceExtras.requireOfFamily(family, extras, catalogue);
        return planFor(profiler, extras);
    }

    /** The ISAs this step installs device packages for (empty: not a kpack install). */
    public List<String> deviceTargets() {
        return extras.stream().filter(DeviceExtras::isDeviceExtra).map(DeviceExtras::targetOf).toList();
    }

    public String requirement(String version) {
        return "rocm[" + String.join(",", extras) + "]==" + version;
    }

    public boolean installsLibraries() {
        return extras.contains("libraries");
    }
}
