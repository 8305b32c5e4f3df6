package io.gfxfleet.agent.parse;

/** Python unittest modules shaped like ROCm's, with the outcomes the tests need. */
final class TestModules {
    private TestModules() {}

    static final String BASE_PASSING = """
            import sys, unittest

            class ROCmBaseTest(unittest.TestCase):
                def testCLI(self):
                    print("++ Exec [/w]$ /w/.venv/bin/python -m rocm_sdk --help")
                    sys.stdout.flush()
                    print("usage: rocm-sdk [-h] {path,test,version,targets,init}", file=sys.stderr)

                def testVersion(self):
                    \"\"\"The version must be PEP 440.

                    More lines that unittest does not print.\"\"\"
                    self.assertTrue(True)

                def testNoNewline(self):
                    sys.stdout.write("progress 100%")

                def testTargets(self):
                    for so in ["a", "b"]:
                        with self.subTest(msg="Check target", target=so):
                            print("checked", so)
            """;

    static final String CORE_MIXED = """
            import sys, unittest

            class ROCmCoreTest(unittest.TestCase):
                def testSharedLibrariesLoad(self):
                    for so in ["libamdhip64.so", "libatomic-user.so", "librocprofiler-sdk-roctx.so.1"]:
                        with self.subTest(msg="Check shared library loads", so_path=so):
                            if so == "libatomic-user.so":
                                print("OSError: libatomic.so.1: cannot open shared object file: No such file or directory")
                                raise OSError("libatomic.so.1: cannot open shared object file: No such file or directory")
                            if so.startswith("librocprofiler"):
                                self.assertEqual(so, "librocprofiler-sdk-roctx.so.2")

                def testConsoleScripts(self):
                    for script in ["hipcc", "amd-smi"]:
                        with self.subTest(msg=f"Check console-script {script}"):
                            self.assertNotEqual(script, "amd-smi", "amd-smi needs a GPU")

                def testPreloadLibraries(self):
                    self.assertEqual(1, 2)

                def testInstallationLayout(self):
                    \"\"\"The `rocm_sdk` and core module must be siblings on disk.\"\"\"
                    raise RuntimeError("core module not found")

                @unittest.skip("no GPU on this runner")
                def testGpuVisible(self):
                    pass

                @unittest.expectedFailure
                def testKnownBug(self):
                    self.assertTrue(False)

                @unittest.expectedFailure
                def testFixedBug(self):
                    pass
            """;

    static final String SEGFAULT = """
            import os, signal, unittest

            class ROCmCoreTest(unittest.TestCase):
                def testA_passes(self):
                    pass

                def testB_crashes(self):
                    print("++ Exec [/w]$ rocminfo", flush=True)
                    os.kill(os.getpid(), signal.SIGSEGV)

                def testC_never_runs(self):
                    pass
            """;

    static final String HANGS = """
            import sys, unittest

            class ROCmCoreTest(unittest.TestCase):
                def testHangs(self):
                    print("waiting for a GPU that never answers", flush=True)
                    sys.stdin.read()
            """;

    static String passing(String className, int count) {
        StringBuilder source = new StringBuilder("import unittest\n\nclass " + className + "(unittest.TestCase):\n");
        for (int i = 0; i < count; i++) {
            source.append("    def test").append(i).append("(self):\n        pass\n\n");
        }
        return source.toString();
    }
}
