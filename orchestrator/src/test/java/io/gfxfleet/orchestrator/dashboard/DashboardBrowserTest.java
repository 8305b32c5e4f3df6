package io.gfxfleet.orchestrator.dashboard;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.scripted.ScriptedAgent;
import io.gfxfleet.orchestrator.scripted.ScriptedAgent.Grant;
import io.gfxfleet.orchestrator.store.NewRun;
import io.gfxfleet.protocol.json.Json;
import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.protocol.messages.Priority;
import io.gfxfleet.protocol.messages.Provenance;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.pep.Pep440Version;
import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.gfxfleet.orchestrator.scripted.ScriptedAgent.test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in headless Debian Chromium against a real orchestrator on SQLite, with jobs driven
 * to known verdicts through the real HTTP API. Tests run in order: later ones change the data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    static final String GFX94 = "gfx94X-dcgpu";
    static final String GFX110 = "gfx110X-all";
    static final String HIPCC = "rocm_sdk.tests.core_test.ROCmCoreTest.testHipcc";
    /** Hang guard for waiting on the page, not a performance bound. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    Orchestrator orchestrator;
    WebDriver driver;
    WebDriverWait wait;
    String base;
    RunView runA;
    RunView runB;
    RunView runC;

    @BeforeAll
    void start(@TempDir Path dataDir, @TempDir Path browserProfile) throws Exception {
        orchestrator = Orchestrator.start(OrchestratorConfig.embedded(dataDir, 0));
        base = orchestrator.baseUrl();
        ScriptedAgent agent94 = new ScriptedAgent(base, "agent-mi325-01");
        ScriptedAgent agent110 = new ScriptedAgent(base, "agent-rx7900-01");

        runA = ScriptedAgent.submit(base, "2001", "linux", "7.10.0a20261120", GFX94, GFX110);
        agent94.finish(GFX94, List.of(test("core", "testCLI", TestStatus.PASSED), test("core", "testSharedLibrariesLoad", TestStatus.PASSED),
                test("libraries", "testRocblas", TestStatus.PASSED), test("devel", "testProfiler", TestStatus.SKIPPED)));
        agent110.finish(GFX110, List.of(test("core", "testCLI", TestStatus.PASSED), test("libraries", "testRocblas", TestStatus.PASSED),
                test("core", "testHipcc", TestStatus.FAILED, "AssertionError: hipcc printed nothing",
                        "Traceback (most recent call last):\n  File \"core_test.py\", line 41, in testHipcc\n"
                                + "    self.assertIn('HIP version', out)\nAssertionError: hipcc printed nothing")));
        Thread.sleep(5); // distinct creation times, so "newest first" is well defined

        runB = ScriptedAgent.submit(base, "2002", "linux", "7.10.0a20261121", GFX94, GFX110);
        Grant infra = agent94.lease(GFX94);
        agent94.complete(infra, "infra_error", "pip install failed: deps index unreachable", 0);
        Thread.sleep(5);

        runC = ScriptedAgent.submit(base, "2003", "windows", "7.10.0a20261122", GFX110);

        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + browserProfile, "--window-size=1366,900");
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, PATIENCE);
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (orchestrator != null) {
            orchestrator.close();
        }
    }

    WebElement cell(RunView run, String family) {
        return driver.findElement(By.cssSelector("tr[data-run='" + run.id() + "'] td[data-family='" + family + "']"));
    }

    void openMatrix() {
        driver.get(base + "/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-run='" + runA.id() + "']")));
        wait.until(d -> !d.findElement(By.cssSelector("th[data-family='" + GFX110 + "'] .last-red")).getText().equals("…"));
    }

    @Test
    @Order(1)
    void theMatrixShowsEachFamilysVerdictAndCountsNewestRunFirst() throws Exception {
        openMatrix();
        assertEquals(List.of("2003", "2002", "2001"), rowIds());
        List<String> columns = driver.findElements(By.cssSelector("#matrix-head th[data-family]")).stream().map(h -> h.getAttribute("data-family")).toList();
        assertEquals(List.of(GFX110, GFX94), columns);

        assertCell(runA, GFX94, "passed", "✔ passed", "3 passed · 0 failed · 1 skipped");
        assertCell(runA, GFX110, "failed", "✘ failed", "2 passed · 1 failed · 0 skipped");
        assertCell(runB, GFX94, "infra_error", "⚠ infra error", "0 passed · 0 failed · 0 skipped");
        assertCell(runB, GFX110, "queued", "○ queued", "0 passed · 0 failed · 0 skipped");
        assertCell(runC, GFX110, "queued", "○ queued", "");
        assertEquals("none", cell(runC, GFX94).getAttribute("data-verdict"));
        assertEquals("—", cell(runC, GFX94).getText());

        String row = driver.findElement(By.cssSelector("tr[data-run='" + runC.id() + "'] th")).getText();
        assertTrue(row.contains("2003") && row.contains("7.10.0a20261122") && row.contains("windows") && row.contains("multiarch")
                && row.contains("ago"), row);
        String redHeader = driver.findElement(By.cssSelector("th[data-family='" + GFX110 + "'] .last-red")).getText();
        assertTrue(redHeader.contains("red since 2001"), redHeader);
        String greenHeader = driver.findElement(By.cssSelector("th[data-family='" + GFX94 + "'] .last-red")).getText();
        assertTrue(greenHeader.contains("green"), greenHeader);
        assertEquals("runs 1–3 of 3", driver.findElement(By.id("page-info")).getText());

        Path shot = Path.of("target", "screenshots", "matrix.png");
        Files.createDirectories(shot.getParent());
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
    }

    void assertCell(RunView run, String family, String verdict, String word, String counts) {
        WebElement c = cell(run, family);
        assertEquals(verdict, c.getAttribute("data-verdict"), run.runId() + " " + family);
        String text = c.getText();
        assertTrue(text.contains(word), text);
        assertTrue(text.contains(counts), text);
    }

    @Test
    @Order(2)
    void filtersNarrowTheRowsAndLiveInTheAddress() {
        openMatrix();
        new Select(driver.findElement(By.id("f-verdict"))).selectByValue("failed");
        wait.until(d -> rowIds().equals(List.of("2001")));
        assertTrue(driver.getCurrentUrl().contains("verdict=failed"), driver.getCurrentUrl());

        driver.findElement(By.id("f-clear")).click();
        wait.until(d -> rowIds().size() == 3);
        new Select(driver.findElement(By.id("f-platform"))).selectByValue("windows");
        wait.until(d -> rowIds().equals(List.of("2003")));

        driver.findElement(By.id("f-clear")).click();
        wait.until(d -> rowIds().size() == 3);
        driver.findElement(By.id("f-version")).sendKeys("1121");
        wait.until(d -> rowIds().equals(List.of("2002")));

        driver.get(base + "/ui/?family=" + GFX94);
        wait.until(d -> rowIds().equals(List.of("2002", "2001")));
        assertEquals(List.of(GFX94), driver.findElements(By.cssSelector("#matrix-head th[data-family]")).stream()
                .map(h -> h.getAttribute("data-family")).toList());
    }

    /** Read in one script: the page re-renders on live events, so element handles can go stale. */
    @SuppressWarnings("unchecked")
    List<String> rowIds() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('#matrix-body tr[data-run-id]')].map(r => r.dataset.runId);");
    }

    @Test
    @Order(3)
    void clickingAFailedCellReachesTheFailingTestsTraceback() {
        openMatrix();
        cell(runA, GFX110).findElement(By.tagName("a")).click();
        WebElement failure = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".failure[data-test-id='" + HIPCC + "']")));
        assertTrue(driver.getCurrentUrl().contains("run.html?id=" + runA.id()), driver.getCurrentUrl());
        String traceback = failure.findElement(By.cssSelector("pre.traceback")).getText();
        assertTrue(traceback.startsWith("Traceback (most recent call last):"), traceback);
        assertTrue(traceback.contains("AssertionError: hipcc printed nothing"), traceback);
        assertTrue(failure.getText().contains("✘ failed"), failure.getText());
        String job = driver.findElement(By.cssSelector("section.job")).getText();
        assertTrue(job.contains("agent-rx7900-01") && job.contains("attempt 1"), job);
        // Only the clicked family is shown, with a way back to all of them.
        assertEquals(1, driver.findElements(By.cssSelector("section.job")).size());
        assertTrue(driver.findElement(By.id("scope")).getText().contains("all 2 families"));
    }

    @Test
    @Order(4)
    void changesAppearWhileThePagesAreOpenWithoutReloading() throws Exception {
        openMatrix();
        markPage();
        ScriptedAgent agent = new ScriptedAgent(base, "agent-rx7900-02");
        Grant grant = agent.lease(GFX110); // runB's job: the oldest queued gfx110X-all job at equal priority
        assertEquals(runB.id(), grant.runKey());
        wait.until(d -> "running".equals(cell(runB, GFX110).getAttribute("data-verdict")));
        agent.results(grant, 1, List.of(test("core", "testCLI", TestStatus.PASSED)));
        wait.until(d -> cell(runB, GFX110).getText().contains("1 passed · 0 failed"));
        assertPageNotReloaded();

        driver.get(base + "/ui/run.html?id=" + runB.id() + "&job=" + grant.jobId());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("section.job"), "1 passed"));
        markPage();
        agent.results(grant, 2, List.of(test("core", "testHipcc", TestStatus.FAILED, "AssertionError: hipcc printed nothing again",
                "Traceback (most recent call last):\nAssertionError: hipcc printed nothing again")));
        WebElement failure = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".failure[data-test-id='" + HIPCC + "']")));
        assertTrue(failure.findElement(By.cssSelector("pre.traceback")).getText().contains("printed nothing again"));
        agent.complete(grant, "failed", "tests failed", 2);
        wait.until(d -> "failed".equals(d.findElement(By.cssSelector("section.job")).getAttribute("data-verdict")));
        assertPageNotReloaded();
    }

    void markPage() {
        ((JavascriptExecutor) driver).executeScript("window.__notReloaded = true;");
    }

    void assertPageNotReloaded() {
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) driver).executeScript("return window.__notReloaded === true;"));
    }

    @Test
    @Order(5)
    void theTestHistoryLabelsANewFailureAndOneStillFailing() {
        driver.get(base + "/ui/run.html?id=" + runB.id());
        WebElement link = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector(".failure[data-test-id='" + HIPCC + "'] a[href^='history.html']")));
        link.click();
        wait.until(d -> d.findElements(By.cssSelector("#history-body tr[data-run]")).size() == 3);
        assertEquals("still_failing", historyRow(runB).getAttribute("data-label"));
        assertTrue(historyRow(runB).getText().contains("STILL FAILING"));
        assertEquals("new", historyRow(runA).getAttribute("data-label"));
        assertTrue(historyRow(runA).getText().contains("NEW"));
        assertTrue(historyRow(runC).getText().contains("not run"));
        String streak = driver.findElement(By.id("streak")).getText();
        assertTrue(streak.contains("red since run 2001"), streak);
    }

    /**
     * Issue 15: the run page used to read one answer of at most 5,000 results, so a bigger job's
     * later results were unreachable. A job of 12,000 results (every 1,000th failing) shows every
     * failure at once and pages through the rest by cursor, a bounded window at a time, to the last.
     */
    @Test
    @Order(7)
    void everyResultOfAJobOfTwelveThousandIsReachableAndThePageStaysBounded() throws Exception {
        // A family of its own: other tests leave gfx94X-dcgpu jobs queued, and the lease must get this one.
        RunView big = ScriptedAgent.submit(base, "2010", "linux", "7.10.0a20261124", "gfx120X-all");
        ScriptedAgent agent = new ScriptedAgent(base, "agent-r9700-01");
        Grant grant = agent.lease("gfx120X-all");
        assertEquals(big.id(), grant.runKey());
        int total = 12_000;
        for (int batch = 0; batch < 3; batch++) {
            List<io.gfxfleet.protocol.messages.TestResult> results = new java.util.ArrayList<>();
            for (int i = batch * 4_000; i < (batch + 1) * 4_000; i++) {
                results.add(test("core", String.format("test%05d", i), i % 1_000 == 999 ? TestStatus.FAILED : TestStatus.PASSED));
            }
            agent.results(grant, batch + 1, results);
        }
        agent.complete(grant, "failed", "tests failed", 3);
        String cls = "rocm_sdk.tests.core_test.ROCmCoreTest.";

        driver.get(base + "/ui/run.html?id=" + big.id());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("section.job h4.results-window")));
        assertEquals(12, driver.findElements(By.cssSelector(".failure")).size(), "every failure is shown in full");
        assertTrue(!driver.findElements(By.cssSelector(".failure[data-test-id='" + cls + "test11999']")).isEmpty(),
                "the last failure, beyond the old 5,000");
        int pages = 1;
        By last = By.cssSelector("table.results tr[data-test-id='" + cls + "test11998']");
        while (driver.findElements(last).isEmpty()) {
            int rows = driver.findElements(By.cssSelector("table.results tr")).size();
            assertTrue(rows <= 1_000, "the page holds one window of results, not all: " + rows);
            String before = driver.findElement(By.cssSelector("h4.results-window")).getAttribute("data-first");
            driver.findElement(By.cssSelector("button[data-action='next-results']")).click();
            wait.until(d -> !d.findElement(By.cssSelector("h4.results-window")).getAttribute("data-first").equals(before));
            pages++;
            assertTrue(pages <= 12, "the last result is reached by paging");
        }
        assertEquals(12, pages, "11,988 other results in windows of 1,000");
        String heading = driver.findElement(By.cssSelector("h4.results-window")).getText();
        assertTrue(heading.contains("11,001–11,988"), heading);
        assertTrue(driver.findElements(By.cssSelector("button[data-action='next-results']")).isEmpty(), "no page after the last");
        driver.findElement(By.cssSelector("button[data-action='previous-results']")).click();
        wait.until(d -> d.findElement(By.cssSelector("h4.results-window")).getText().contains("10,001–11,000"));
        driver.findElement(By.cssSelector("button[data-action='first-results']")).click();
        wait.until(d -> !d.findElements(By.cssSelector("table.results tr[data-test-id='" + cls + "test00000']")).isEmpty());
    }

    WebElement historyRow(RunView run) {
        return driver.findElement(By.cssSelector("#history-body tr[data-run='" + run.id() + "']"));
    }

    static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    static final String RUN_URL = "https://github.com/ROCm/TheRock/actions/runs/19876543210/attempts/2";

    /**
     * Where a run came from, linked on the run page and the matrix. The hostile run is written to
     * the store directly, past intake (which refuses all of it: a row from elsewhere, an older
     * version, a restored backup): its javascript: URLs and markup must stay text.
     */
    @Test
    @Order(6)
    void aRunsRepositoryCommitPullRequestAndWorkflowRunAreLinkedAndNothingElseIs() throws Exception {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("repository", "ROCm/TheRock");
        provenance.put("commit", SHA);
        provenance.put("pull_request", 2417);
        provenance.put("workflow_run_url", RUN_URL);
        RunView linked = submitWith("2004", provenance);
        provenance.put("workflow_run_url", "javascript:window.__pwned=1");
        assertEquals(400, post(runBody("2099", provenance)).statusCode(), "intake refuses a javascript: URL");
        RunView ghes = submitWith("2005", Map.of("repository", "rocm/therock", "commit", SHA, "pull_request", 9,
                "server_url", "https://ghes.example.com/"));
        String hostileRepo = "ROCm/<img src=x onerror=\"window.__pwned=1\">";
        RunView hostile = orchestrator.store().createRun(new NewRun("2006", Platform.LINUX, "multiarch",
                new Pep440Version("7.10.0a20261123"), Priority.POSTSUBMIT, "http://127.0.0.1:9/python-deps/simple/",
                "http://127.0.0.1:9/2006-linux/python/multiarch/simple/", null, List.of(GFX94), List.of(), List.of(), null,
                List.of(), null, new Provenance(hostileRepo, "javascript:window.__pwned=1//", 3,
                        "javascript:window.__pwned=1", "javascript:window.__pwned=1"))).run();

        driver.get(base + "/ui/run.html?id=" + linked.id());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("a.prov-workflow-run")));
        assertLink("a.prov-repository", "https://github.com/ROCm/TheRock", "ROCm/TheRock");
        assertLink("a.prov-commit", "https://github.com/ROCm/TheRock/commit/" + SHA, SHA.substring(0, 7));
        assertEquals(SHA, element("a.prov-commit").get("title"));
        assertLink("a.prov-pull-request", "https://github.com/ROCm/TheRock/pull/2417", "#2417");
        assertLink("a.prov-workflow-run", RUN_URL, RUN_URL);

        driver.get(base + "/ui/run.html?id=" + ghes.id());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("a.prov-pull-request")));
        assertLink("a.prov-repository", "https://ghes.example.com/rocm/therock", "rocm/therock");
        assertLink("a.prov-pull-request", "https://ghes.example.com/rocm/therock/pull/9", "#9");
        assertEquals(0, driver.findElements(By.cssSelector(".prov-workflow-run")).size(), "no workflow run given, none shown");

        driver.get(base + "/ui/run.html?id=" + hostile.id());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".prov-workflow-run")));
        String meta = (String) element("#run-meta").get("text");
        assertTrue(meta.contains(hostileRepo), "the markup is shown as text: " + meta);
        assertTrue(meta.contains("javascript:window.__pwned=1"), meta);
        assertNoLiveScript();
        for (String cls : List.of("prov-repository", "prov-commit", "prov-pull-request", "prov-workflow-run")) {
            assertEquals("SPAN", tagOf("." + cls), cls + " is shown unlinked");
        }

        openMatrix();
        String row = "tr[data-run='" + linked.id() + "'] th.run ";
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(row + ".provenance a.commit")));
        assertLink(row + "a.commit", "https://github.com/ROCm/TheRock/commit/" + SHA, SHA.substring(0, 7));
        assertLink(row + "a.pull-request", "https://github.com/ROCm/TheRock/pull/2417", "#2417");
        assertLink("tr[data-run='" + ghes.id() + "'] a.pull-request", "https://ghes.example.com/rocm/therock/pull/9", "#9");
        String hostileRow = "tr[data-run='" + hostile.id() + "'] th.run ";
        assertEquals("#3", element(hostileRow + ".pull-request").get("text"));
        assertEquals("SPAN", tagOf(hostileRow + ".pull-request"), "the hostile run's pull request is not a link");
        assertEquals("SPAN", tagOf(hostileRow + ".commit"), "the hostile run's commit is not a link");
        assertEquals(null, element(hostileRow + ".provenance a"), "nothing of the hostile run is a link");
        assertEquals(null, element("tr[data-run='" + runA.id() + "'] .provenance"), "a run without provenance shows none");
        assertNoLiveScript();
        Path shot = Path.of("target", "screenshots", "matrix-provenance.png");
        Files.createDirectories(shot.getParent());
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
    }

    /** An element's tag, href, text and title, read in one script (a live re-render makes handles stale). */
    @SuppressWarnings("unchecked")
    Map<String, Object> element(String css) {
        return (Map<String, Object>) ((JavascriptExecutor) driver).executeScript(
                "const e = document.querySelector(arguments[0]);"
                        + " return e && { tag: e.tagName, href: e.getAttribute('href'), text: e.textContent, title: e.getAttribute('title') };", css);
    }

    void assertLink(String css, String href, String text) {
        Map<String, Object> a = element(css);
        assertTrue(a != null, "no " + css);
        assertEquals("A", a.get("tag"), css);
        assertEquals(href, a.get("href"), css);
        assertEquals(text, a.get("text"), css);
    }

    String tagOf(String css) {
        Map<String, Object> e = element(css);
        assertTrue(e != null, "no " + css);
        return (String) e.get("tag");
    }

    /** No link anywhere leads to script or data, no injected element exists, and no injected script ran. */
    void assertNoLiveScript() {
        Object found = ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('a[href], area[href], form[action], [formaction]')]"
                        + ".map(e => e.getAttribute('href') || e.getAttribute('action') || e.getAttribute('formaction'))"
                        + ".filter(u => !/^(https?:|run\\.html|history\\.html|agents\\.html|\\?|\\.\\/|\\/)/i.test(u.trim()));");
        assertEquals(List.of(), found, "links that are not http(s) or the dashboard's own");
        assertEquals(0, driver.findElements(By.cssSelector("main img, main script, main iframe, main object, main embed")).size());
        assertEquals(Boolean.FALSE, ((JavascriptExecutor) driver).executeScript("return window.__pwned === 1;"));
    }

    RunView submitWith(String runId, Map<String, Object> provenance) throws Exception {
        HttpResponse<String> r = post(runBody(runId, provenance));
        assertEquals(201, r.statusCode(), r.body());
        return Json.MAPPER.readValue(r.body(), RunView.class);
    }

    static Map<String, Object> runBody(String runId, Map<String, Object> provenance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", runId);
        body.put("artifact_group", "multiarch");
        body.put("version", "7.10.0a20261123");
        body.put("deps_index_url", "http://127.0.0.1:9/python-deps/simple/");
        body.put("run_index_url", "http://127.0.0.1:9/" + runId + "-linux/python/multiarch/simple/");
        body.put("families", List.of(GFX94));
        body.put("python_versions", List.of(ScriptedAgent.PYTHON)); // one job, as ScriptedAgent.submit's runs
        body.put("provenance", provenance);
        return body;
    }

    HttpResponse<String> post(Map<String, Object> body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/runs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(50)
    void theAgentsPageListsTheFleetAndDrainsAnAgent() {
        driver.get(base + "/ui/agents.html");
        By row = By.cssSelector("tr[data-agent='agent-mi325-01']");
        wait.until(ExpectedConditions.presenceOfElementLocated(row));
        WebElement agent = driver.findElement(row);
        assertTrue(agent.getText().contains(GFX94), agent.getText());
        assertTrue(agent.findElement(By.cssSelector(".agent-state")).getText().contains("active"));
        agent.findElement(By.cssSelector("button[data-action='drain']")).click();
        // The row is drawn again after the action and again on its live event: conditions that look
        // the element up afresh, so a row replaced between lookup and check is not an error.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-agent='agent-mi325-01'] .agent-state"),
                "drained"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-agent='agent-mi325-01'] button[data-action='undrain']")));
    }
}
