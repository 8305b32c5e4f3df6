package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.orchestrator.samples.LibrariesPackaging;
import io.gfxfleet.orchestrator.samples.Outcome;
import io.gfxfleet.orchestrator.samples.SampleOutcome;
import io.gfxfleet.orchestrator.samples.SampleOutput;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.orchestrator.samples.SampleSpec;
import io.gfxfleet.orchestrator.samples.SampleTest;
import io.gfxfleet.protocol.cli.CliFailure;
import io.gfxfleet.protocol.layout.RunPackaging;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code samples}: ROCm-shaped sample packages for demos, tests and benchmarks. */
@Command(name = "samples", mixinStandardHelpOptions = true,
        description = "Build ROCm-shaped sample packages (no GPU needed).",
        subcommands = {SamplesCommand.Build.class})
public final class SamplesCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code samples build}. */
    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Write OUT/dist (rocm packages, for a run index) and OUT/deps (for the deps index). "
                    + "A kpack run by default (arch-neutral rocm-sdk-libraries + one rocm-sdk-device-<gfx> per ISA, "
                    + "as TheRock publishes today); --legacy for one rocm-sdk-libraries-<family> per family.")
    public static final class Build implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
        Path out;

        @Option(names = "--rocm-version", defaultValue = SampleSpec.DEFAULT_VERSION, paramLabel = "V",
                description = "PEP 440 version of the rocm packages (default: ${DEFAULT-VALUE}).")
        String version;

        @Option(names = "--families", required = true, split = ",", paramLabel = "F1,F2",
                description = "Families to build for, e.g. gfx94X-dcgpu,gfx110X-all (kpack: a device wheel per ISA of each).")
        List<String> families;

        @Option(names = "--legacy", description = "Build a legacy run: one rocm-sdk-libraries-<family> wheel per family.")
        boolean legacy;

        @Option(names = "--profiler", description = "Also build rocm-profiler (its tests run in a rocm[profiler] venv).")
        boolean profiler;

        @Option(names = "--without-device-wheel", split = ",", paramLabel = "GFX",
                description = "kpack: leave out these ISAs' device wheels (a broken run, which publish refuses).")
        List<String> withoutDeviceWheels = new ArrayList<>();

        @Option(names = "--fail", paramLabel = "FAMILY:TEST",
                description = "Make TEST fail for FAMILY (TEST: e.g. core_test.testConsoleScripts). Repeatable.")
        List<String> failures = new ArrayList<>();

        @Option(names = "--outcome", paramLabel = "FAMILY:TEST=OUTCOME",
                description = "Any outcome for TEST in FAMILY (FAMILY '*' = all): PASS, FAIL, ERROR, SKIP, "
                        + "EXPECTED_FAILURE, UNEXPECTED_SUCCESS, SUBTEST_FAIL, SEGFAULT, HANG, HUGE_OUTPUT. Repeatable.")
        List<String> outcomes = new ArrayList<>();

        @Option(names = "--libraries-not-for-arch", split = ",", paramLabel = "FAMILY",
                description = "Package these families' libraries wheels without their platform package "
                        + "(libraries tests get skipped: a false green).")
        List<String> notForArch = new ArrayList<>();

        @Option(names = "--pad-mb", defaultValue = "0", paramLabel = "N",
                description = "Add N MiB of incompressible data to each rocm wheel.")
        long padMb;

        @Option(names = "--python", defaultValue = "python3", paramLabel = "EXE",
                description = "Interpreter whose bundled setuptools wheel goes into deps/ (default: ${DEFAULT-VALUE}).")
        String python;

        @Override
        public Integer call() throws IOException {
            SampleSpec spec;
            try {
                SampleSpec.Builder b = SamplePackages.builder().version(version).families(families)
                        .padBytesPerWheel(padMb << 20).python(python)
                        .packaging(legacy ? RunPackaging.LEGACY : RunPackaging.KPACK);
                if (profiler) {
                    b.withProfiler();
                }
                withoutDeviceWheels.forEach(b::withoutDeviceWheel);
                for (String f : failures) {
                    String[] ft = split(f, ':', "--fail", "FAMILY:TEST");
                    b.outcome(ft[0], SampleTest.parse(ft[1]),
                            SampleOutcome.fail("sample failure chosen for " + ft[0] + ": " + ft[1]));
                }
                for (String o : outcomes) {
                    String[] ft = split(o, ':', "--outcome", "FAMILY:TEST=OUTCOME");
                    String[] to = split(ft[1], '=', "--outcome", "FAMILY:TEST=OUTCOME");
                    SampleOutcome outcome = SampleOutcome.of(parseOutcome(to[1]));
                    if (ft[0].equals("*")) {
                        b.outcome(SampleTest.parse(to[0]), outcome);
                    } else {
                        b.outcome(ft[0], SampleTest.parse(to[0]), outcome);
                    }
                }
                for (String f : notForArch) {
                    b.libraries(f, LibrariesPackaging.NOT_FOR_THIS_ARCH);
                }
                spec = b.build();
            } catch (IllegalArgumentException e) {
                throw CliFailure.usage(e.getMessage());
            }
            SampleOutput result = SamplePackages.write(spec, out);
            System.out.printf("wrote %d rocm packages (%s run, %d bytes) to %s%n", result.distFiles().size(),
                    spec.packaging(), result.distBytes(), result.dist());
            result.distFiles().forEach(p -> System.out.println("  " + p.getFileName()));
            System.out.printf("wrote %d dependencies to %s%n", result.depsFiles().size(), result.deps());
            result.depsFiles().forEach(p -> System.out.println("  " + p.getFileName()));
            return 0;
        }

        private static String[] split(String text, char sep, String option, String form) {
            int i = text.indexOf(sep);
            if (i <= 0 || i == text.length() - 1) {
                throw new IllegalArgumentException(option + " expects " + form + ", got '" + text + "'");
            }
            return new String[]{text.substring(0, i), text.substring(i + 1)};
        }

        private static Outcome parseOutcome(String text) {
            try {
                return Outcome.valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown outcome '" + text + "'; one of "
                        + java.util.Arrays.toString(Outcome.values()));
            }
        }
    }
}
