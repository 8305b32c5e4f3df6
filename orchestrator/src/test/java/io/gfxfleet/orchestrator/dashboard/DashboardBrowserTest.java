package io.gfxfleet.orchestrator.dashboard;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.scripted.ScriptedAgent;
import io.gfxfleet.orchestrator.scripted.ScriptedAgent.Grant;
import io.gfxfleet.protocol.messages.RunView;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

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
    @Order(6)
    void everyResultOfAJobOfTwelveThousandIsReachableAndThePageStaysBounded() throws Exception {
        RunView big = ScriptedAgent.submit(base, "2004", "linux", "7.10.0a20261123", GFX94);
        ScriptedAgent agent = new ScriptedAgent(base, "agent-mi325-02");
        Grant grant = agent.lease(GFX94);
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
        wait.until(d -> d.findElement(By.cssSelector("tr[data-agent='agent-mi325-01'] .agent-state")).getText().contains("drained"));
        assertTrue(driver.findElement(By.cssSelector("tr[data-agent='agent-mi325-01'] button[data-action='undrain']")).isDisplayed());
    }
}
