package io.gfxfleet.agent.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.gfxfleet.protocol.json.Json;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One real {@code rocm-sdk test}-shaped run of Python unittest modules, with what really happened
 * recorded inside the interpreter ({@code corpus/truth.py}, a result class writing each event to a
 * side file) next to the output a parser gets.
 *
 * @param lines  the merged stdout and stderr
 * @param end    how the process ended (a hang is stopped once it prints {@link #HANG_MARKER})
 * @param truth  per test method id, what really happened
 * @param failingSubtests per test method id, the failing subTests really recorded
 * @param started the test methods that started ({@code Ran N} counts these; CPython 3.12.1 reports a
 *                decorator-skipped test without starting it)
 */
record GroundTruthRun(List<String> lines, StreamEnd end, Map<String, TestStatus> truth,
                      Map<String, Integer> failingSubtests, int started) {

    /** A test that prints this (then blocks) is stopped as the agent's timeout would. */
    static final String HANG_MARKER = "HANG-MARKER: waiting forever";
    static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String CORPUS = "/io/gfxfleet/agent/parse/corpus/";

    /** Writes the driver, the truth recorder, the forging helpers and the {@code rocm_sdk.tests} modules. */
    static void prepare(Path root, Map<String, String> modules) throws IOException {
        Files.createDirectories(root);
        for (String helper : List.of("driver.py", "truth.py", "forge.py")) {
            try (InputStream in = GroundTruthRun.class.getResourceAsStream(CORPUS + helper)) {
                if (in == null) {
                    throw new IOException("test resource " + CORPUS + helper + " is missing");
                }
                Files.write(root.resolve(helper), in.readAllBytes());
            }
        }
        PythonUnittestRun.writeTestPackage(root, modules);
    }

    static GroundTruthRun run(String python, Path root, List<String> alwaysModules) throws IOException, InterruptedException {
        Path truthFile = root.resolve("truth.jsonl");
        Files.deleteIfExists(truthFile);
        List<String> command = new ArrayList<>(List.of(python, "driver.py"));
        command.addAll(alwaysModules);
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().remove("PYTHONPATH");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        builder.environment().put("PYTHONUNBUFFERED", "1");
        builder.environment().put("TRUTH_FILE", truthFile.toString());
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        boolean hung = false;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                if (line.contains(HANG_MARKER)) {
                    hung = true;
                    break; // as the agent's watchdog does: it stops reading and kills the tree
                }
            }
        }
        if (hung) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        int exit = process.waitFor();
        StreamEnd end = hung ? StreamEnd.timedOut(TIMEOUT) : StreamEnd.fromExitValue(exit);
        return new GroundTruthRun(lines, end, Map.of(), Map.of(), 0).withTruth(truthFile);
    }

    private GroundTruthRun withTruth(Path truthFile) throws IOException {
        Map<String, TestStatus> ends = new LinkedHashMap<>();
        Map<String, TestStatus> worstSub = new LinkedHashMap<>();
        Map<String, Integer> subs = new TreeMap<>();
        List<String> started = new ArrayList<>();
        List<String> events = Files.exists(truthFile) ? Files.readAllLines(truthFile) : List.of();
        for (String event : events) {
            JsonNode e = Json.MAPPER.readTree(event);
            String id = e.get("id").asText();
            if (id.contains(" ")) {
                continue; // a class or module fixture (_ErrorHolder), not a test method
            }
            switch (e.get("ev").asText()) {
                case "start" -> started.add(id);
                case "end" -> ends.put(id, TestStatus.parse(e.get("st").asText()));
                case "sub" -> {
                    TestStatus s = TestStatus.parse(e.get("st").asText());
                    worstSub.merge(id, s, (a, b) -> a.severity() >= b.severity() ? a : b);
                    subs.merge(id, 1, Integer::sum);
                }
                default -> throw new IOException("unknown truth event " + event);
            }
        }
        Map<String, TestStatus> truth = new TreeMap<>();
        List<String> methods = new ArrayList<>(started);
        ends.keySet().stream().filter(id -> !started.contains(id)).forEach(methods::add);
        for (String id : methods) {
            TestStatus own = ends.get(id);
            TestStatus sub = worstSub.get(id);
            TestStatus status;
            if (own == null && sub == null) {
                status = end instanceof StreamEnd.TimedOut ? TestStatus.TIMED_OUT : TestStatus.CRASHED;
            } else if (own == null) {
                status = sub;
            } else if (sub == null) {
                status = own;
            } else {
                status = sub.severity() > own.severity() ? sub : own;
            }
            truth.put(id, status);
        }
        return new GroundTruthRun(lines, end, truth, subs, started.size());
    }

    /** What unittest's exit and the true outcomes say the verdict is. */
    boolean trulyPassed() {
        boolean exitOk = end instanceof StreamEnd.Exited exited && exited.exitCode() == 0;
        return exitOk && !truth.isEmpty() && truth.values().stream().noneMatch(TestStatus::isFailure);
    }

    /** The parser's account of this output, with every result it handed on. */
    Parsed parse() {
        List<TestResult> results = new ArrayList<>();
        UnittestOutputParser parser = new UnittestOutputParser("core", results::add);
        lines.forEach(parser::accept);
        ParsedRun run = parser.finish(end);
        return new Parsed(run, results);
    }

    record Parsed(ParsedRun run, List<TestResult> results) {
        Map<String, TestStatus> statuses() {
            Map<String, TestStatus> map = new TreeMap<>();
            results.stream().filter(r -> !r.component().equals("gfxfleet") && !isFixture(r))
                    .sorted(Comparator.comparing(TestResult::testId))
                    .forEach(r -> map.put(map.containsKey(r.testId()) ? r.testId() + " (again)" : r.testId(), r.status()));
            return map;
        }

        Map<String, Integer> failingSubtests() {
            Map<String, Integer> map = new TreeMap<>();
            for (TestResult r : results) {
                int failing = (int) r.subtests().stream().filter(s -> s.status().isFailure()).count();
                if (failing > 0) {
                    map.put(r.testId(), failing);
                }
            }
            return map;
        }

        private static boolean isFixture(TestResult r) {
            return r.method() != null && UnitTestName.of(r.method(), r.className()).fixture();
        }
    }

    String output() {
        String text = String.join("\n", lines);
        return text.length() > 20_000 ? text.substring(0, 10_000) + "\n[...]\n" + text.substring(text.length() - 10_000) : text;
    }
}
