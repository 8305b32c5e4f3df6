package io.gfxfleet.orchestrator.samples;

import io.gfxfleet.orchestrator.testkit.ProcessResult;
import io.gfxfleet.orchestrator.testkit.PythonVenv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finding setuptools>=70.2 and wheel for a deps index among what a machine already has. */
class BuildBackendWheelsTest {
    @TempDir
    Path tmp;

    @Test
    void picksTheHighestFittingCandidateAndPacksAnInstalledOneIntoAWheelPipInstalls() throws Exception {
        Path wheels = Files.createDirectories(tmp.resolve("wheels"));
        wheel(wheels, "setuptools", "65.5.0", "");                                  // below the 70.2 floor
        wheel(wheels, "wheel", "0.46.3", "Requires-Dist: packaging>=24.0\n");         // needs what a deps index lacks
        wheel(wheels, "wheel", "0.43.0", "Requires-Dist: pytest; extra == \"test\"\n");
        Path site = Files.createDirectories(tmp.resolve("lib/python3.12/site-packages"));
        installed(site, "setuptools", "79.0.1");

        BuildBackendWheels.Found found = BuildBackendWheels.find(List.of(wheels, site, tmp.resolve("absent")));
        assertEquals("79.0.1", found.setuptools().version());
        assertEquals(site.resolve("setuptools-79.0.1.dist-info"), found.setuptools().origin());
        assertEquals("0.43.0", found.wheel().version());

        Path deps = Files.createDirectories(tmp.resolve("deps"));
        Path packed = found.setuptools().copyTo(deps);
        assertEquals("setuptools-79.0.1-py3-none-any.whl", packed.getFileName().toString());
        byte[] first = Files.readAllBytes(packed);
        found.setuptools().copyTo(deps);
        assertEquals(-1, Files.mismatch(packed, deps.resolve(packed.getFileName())), "packing again gives the same bytes");
        assertTrue(first.length > 0);
        try (ZipFile zip = new ZipFile(packed.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).sorted().toList();
            assertEquals(List.of("distutils-precedence.pth", "setuptools-79.0.1.dist-info/METADATA",
                    "setuptools-79.0.1.dist-info/RECORD", "setuptools-79.0.1.dist-info/WHEEL", "setuptools/__init__.py"), names,
                    "installer files, .pyc caches and scripts outside site-packages are left out");
        }

        PythonVenv venv = PythonVenv.create(tmp.resolve("venv"));
        ProcessResult pip = venv.pip(List.of("install", "--no-index", "--find-links", deps.toString(), "setuptools==79.0.1"), Map.of());
        assertEquals(0, pip.exitCode(), pip::describe);
        ProcessResult version = venv.run("python", List.of("-c", "import setuptools; print(setuptools.__version__)"), Map.of());
        assertEquals("79.0.1", version.output().strip(), version::describe);
    }

    @Test
    void nothingFittingIsOneLineNamingWhatIsMissingAndHowToFixIt() throws Exception {
        Path wheels = Files.createDirectories(tmp.resolve("wheels"));
        wheel(wheels, "setuptools", "70.1.0", "");
        wheel(wheels, "wheel", "0.43.0", "");
        IOException e = assertThrows(IOException.class, () -> BuildBackendWheels.find(List.of(wheels)));
        assertTrue(e.getMessage().startsWith("no setuptools>=70.2.0 wheel (pure, without dependencies) in [" + wheels + "]"),
                e.getMessage());
        assertTrue(e.getMessage().contains("in a folder named by GFXFLEET_BUILD_BACKEND_PATH"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");

        wheel(wheels, "setuptools", "80.9.0", "");
        Files.delete(wheels.resolve("wheel-0.43.0-py3-none-any.whl"));
        e = assertThrows(IOException.class, () -> BuildBackendWheels.find(List.of(wheels)));
        assertTrue(e.getMessage().contains("no wheel wheel") && e.getMessage().contains("Python 3.12 or 3.13"), e.getMessage());
    }

    @Test
    void releaseNumbersCompareNumerically() {
        assertTrue(BuildBackendWheels.compareReleases("84.0.0", "79.0.1") > 0);
        assertTrue(BuildBackendWheels.compareReleases("70.2", "70.2.0") == 0);
        assertTrue(BuildBackendWheels.compareReleases("70.10.0", "70.2.0") > 0);
    }

    private static void wheel(Path dir, String project, String version, String requires) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(dir.resolve(project + "-" + version + "-py3-none-any.whl")))) {
            zip.putNextEntry(new ZipEntry(project + "-" + version + ".dist-info/METADATA"));
            zip.write(("Metadata-Version: 2.1\nName: " + project + "\nVersion: " + version + "\n" + requires).getBytes());
            zip.closeEntry();
        }
    }

    /** A pure distribution as pip leaves it in site-packages. */
    private static void installed(Path site, String project, String version) throws IOException {
        Path info = Files.createDirectories(site.resolve(project + "-" + version + ".dist-info"));
        Files.createDirectories(site.resolve(project + "/__pycache__"));
        Files.writeString(site.resolve(project + "/__init__.py"), "__version__ = '" + version + "'\n");
        Files.writeString(site.resolve(project + "/__pycache__/__init__.cpython-312.pyc"), "cache");
        Files.writeString(site.resolve("distutils-precedence.pth"), "import os\n");
        Files.writeString(info.resolve("METADATA"), "Metadata-Version: 2.1\nName: " + project + "\nVersion: " + version
                + "\nRequires-Dist: pytest; extra == \"test\"\n");
        Files.writeString(info.resolve("WHEEL"), "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        Files.writeString(info.resolve("INSTALLER"), "pip\n");
        String d = project + "-" + version + ".dist-info/";
        Files.writeString(info.resolve("RECORD"), String.join("\n",
                "../../../bin/" + project + ",sha256=x,1", d + "INSTALLER,sha256=x,4", d + "METADATA,sha256=x,1",
                d + "RECORD,,", d + "WHEEL,sha256=x,1", "distutils-precedence.pth,sha256=x,1",
                project + "/__init__.py,sha256=x,1", project + "/__pycache__/__init__.cpython-312.pyc,,") + "\n");
    }
}
