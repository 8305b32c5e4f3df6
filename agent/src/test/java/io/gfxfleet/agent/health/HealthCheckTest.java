package io.gfxfleet.agent.health;

import io.gfxfleet.agent.gpu.AgentGpu;
import io.gfxfleet.agent.gpu.GpuDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class HealthCheckTest {
    private static final GpuDevice MI325X_128 = new GpuDevice("gfx942", "AMD Instinct MI325X", "2", "kfd-sysfs", OptionalInt.of(128));
    private static final AgentGpu ONE_MI325X = new AgentGpu.Detected(List.of(MI325X_128), List.of("gfx94X-dcgpu"));
    private static final AgentGpu ROCMINFO_GPU = new AgentGpu.Detected(
            List.of(new GpuDevice("gfx1100", "Radeon RX 7900 XTX", "1", "rocminfo")), List.of("gfx110X-all"));
    private static final AgentGpu OVERRIDDEN = new AgentGpu.Overridden("gfx94X-dcgpu", List.of("gfx942"));

    @TempDir
    Path tmp;

    private Path devRoot;
    private Path workDir;

    @BeforeEach
    void setUp() throws IOException {
        devRoot = tmp.resolve("root");
        workDir = tmp.resolve("work");
        Files.createDirectories(workDir);
    }

    private void devices(String... names) throws IOException {
        for (String name : names) {
            Path node = devRoot.resolve("dev").resolve(name);
            Files.createDirectories(node.getParent());
            Files.writeString(node, "");
        }
    }

    private HealthCheck.Settings settings() {
        return HealthCheck.Settings.defaults(workDir).withDevRoot(devRoot).withMinFreeBytes(1);
    }

    @Test
    void healthyMachineWithItsGpuDeviceNodes() throws IOException {
        devices("kfd", "dri/card0", "dri/renderD128");

        HealthReport report = new HealthCheck(settings(), ONE_MI325X).check();

        assertEquals(new HealthReport(true, List.of()), report);
    }

    @Test
    void missingKfdIsAProblem() throws IOException {
        devices("dri/renderD128");

        HealthReport report = new HealthCheck(settings(), ONE_MI325X).check();

        assertFalse(report.healthy());
        assertEquals(List.of(devRoot.resolve("dev/kfd") + " does not exist (containers need --device /dev/kfd)"),
                report.problems());
    }

    @Test
    void theRenderNodeKfdNamedMustExist() throws IOException {
        devices("kfd", "dri/renderD136");

        HealthReport report = new HealthCheck(settings(), ONE_MI325X).check();

        assertEquals(List.of(devRoot.resolve("dev/dri/renderD128") + " does not exist (containers need --device /dev/dri)"),
                report.problems());
    }

    @Test
    void withoutKnownRenderMinorsAnyRenderNodeWillDo() throws IOException {
        devices("kfd", "dri/card1", "dri/renderD129");

        assertTrue(new HealthCheck(settings(), ROCMINFO_GPU).check().healthy());
    }

    @Test
    void cardNodesAloneAreNotEnough() throws IOException {
        devices("kfd", "dri/card0");

        HealthReport report = new HealthCheck(settings(), ROCMINFO_GPU).check();

        assertEquals(List.of("no " + devRoot.resolve("dev/dri") + "/renderD* device: no GPU render node reachable"),
                report.problems());
    }

    @Test
    void missingDriDirectoryIsAProblem() throws IOException {
        devices("kfd");

        HealthReport report = new HealthCheck(settings(), ROCMINFO_GPU).check();

        assertEquals(1, report.problems().size());
        assertTrue(report.problems().get(0).startsWith("cannot list " + devRoot.resolve("dev/dri")), report.problems().toString());
    }

    @Test
    void unreadableDeviceNodeIsAProblem() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root can open any file");
        devices("kfd", "dri/renderD128");
        Files.setPosixFilePermissions(devRoot.resolve("dev/kfd"), PosixFilePermissions.fromString("r--------"));

        HealthReport report = new HealthCheck(settings(), ONE_MI325X).check();

        assertEquals(List.of(devRoot.resolve("dev/kfd") + " is not readable and writable by this user (add it to the render/video group)"),
                report.problems());
    }

    @Test
    void overriddenFamilyDoesNotNeedDeviceNodes() {
        // devRoot does not even exist: demo/CI mode has no GPU to reach.
        assertTrue(new HealthCheck(settings(), OVERRIDDEN).check().healthy());
    }

    @Test
    void absurdDiskThresholdIsAProblem() {
        HealthReport report = new HealthCheck(settings().withMinFreeBytes(Long.MAX_VALUE), OVERRIDDEN).check();

        assertEquals(1, report.problems().size());
        assertTrue(report.problems().get(0).matches("work dir .* has [0-9.]+ GiB free, below the minimum of [0-9.]+ GiB"),
                report.problems().get(0));
    }

    @Test
    void notYetCreatedWorkDirIsMeasuredOnItsFileSystem() {
        HealthCheck.Settings s = HealthCheck.Settings.defaults(tmp.resolve("later/jobs/venvs")).withMinFreeBytes(1);

        assertTrue(new HealthCheck(s, OVERRIDDEN).check().healthy());
    }

    @Test
    void missingPythonIsAProblem() {
        Path nowhere = tmp.resolve("no-such-python3");

        HealthReport report = new HealthCheck(settings().withPython(nowhere.toString()), OVERRIDDEN).check();

        assertEquals(1, report.problems().size());
        assertTrue(report.problems().get(0).startsWith("python '" + nowhere + "' cannot create venvs"), report.problems().get(0));
        assertTrue(report.problems().get(0).contains("could not be started"), report.problems().get(0));
    }

    @Test
    void pythonWithoutEnsurepipIsAProblemAndIsProbedAgain() throws IOException {
        // Debian without python3-venv: venv imports, ensurepip does not. The real python3 runs with a
        // shadowing ensurepip package that fails to import, as the missing module does there.
        Path shadow = Files.createDirectories(tmp.resolve("shadow/ensurepip"));
        Files.writeString(shadow.resolve("__init__.py"), "raise ModuleNotFoundError(\"No module named 'ensurepip'\")\n");
        Path calls = tmp.resolve("calls");
        Path python = interpreterWrapper("python-no-ensurepip",
                "echo run >> '" + calls + "'\nPYTHONPATH='" + shadow.getParent() + "' exec python3 \"$@\"\n");
        HealthCheck check = new HealthCheck(settings().withPython(python.toString()), OVERRIDDEN);

        HealthReport first = check.check();
        HealthReport second = check.check();

        assertEquals(1, first.problems().size());
        assertTrue(first.problems().get(0).contains("exited with status 1: ModuleNotFoundError: No module named 'ensurepip'"),
                first.problems().get(0));
        assertEquals(first, second);
        assertEquals(2, Files.readAllLines(calls).size(), "a failing interpreter is probed on every check");
    }

    @Test
    void workingPythonIsProbedOncePerAgentStart() throws IOException {
        Path calls = tmp.resolve("calls");
        Path python = interpreterWrapper("python-counted", "echo run >> '" + calls + "'\nexec python3 \"$@\"\n");
        HealthCheck check = new HealthCheck(settings().withPython(python.toString()), OVERRIDDEN);

        assertTrue(check.check().healthy());
        assertTrue(check.check().healthy());
        assertEquals(2, Files.readAllLines(calls).size(), "the import probe and the venv in the work folder, once");
    }

    @Test
    void aWorkFolderThatCannotHoldAVenvIsAProblemAndADeepSpacedOneIsNot() throws IOException {
        Path deep = tmp.resolve("with space ünï");
        while (deep.toString().length() < 200) {
            deep = deep.resolve("runner_work_folder");
        }
        assertTrue(new HealthCheck(HealthCheck.Settings.defaults(deep).withMinFreeBytes(1), OVERRIDDEN).check().healthy());
        assertFalse(Files.exists(deep.resolve("jobs").resolve("venv-libraries")));

        Files.writeString(workDir.resolve("jobs"), "a file where the jobs' folder should be");
        HealthReport report = new HealthCheck(settings(), OVERRIDDEN).check();
        assertEquals(1, report.problems().size());
        assertTrue(report.problems().get(0).startsWith("python 'python3' cannot make a working venv in the work folder " + workDir),
                report.problems().get(0));
    }

    @Test
    void reportMustAgreeWithItsProblems() {
        assertThrows(IllegalArgumentException.class, () -> new HealthReport(true, List.of("disk full")));
        assertEquals(new HealthReport(false, List.of("x")), HealthReport.of(List.of("x")));
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> settings().withMinFreeBytes(-1));
        assertThrows(IllegalArgumentException.class, () -> settings().withPython(" "));
        assertEquals(HealthCheck.DEFAULT_MIN_FREE_BYTES, HealthCheck.Settings.defaults(workDir).minFreeBytes());
    }

    private Path interpreterWrapper(String name, String body) throws IOException {
        Path script = tmp.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
