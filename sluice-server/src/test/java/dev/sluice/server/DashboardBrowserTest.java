package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.Workers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives the dashboard in Debian's headless Chromium through Playwright for Java (no browser is
 * downloaded: PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 and the system executable). Skips itself when
 * /usr/bin/chromium is absent; install it with {@code apt-get install -y chromium}.
 */
class DashboardBrowserTest {

    static final Path CHROMIUM = Paths.get(System.getProperty("sluice.chromium", "/usr/bin/chromium"));

    static Playwright playwright;
    static Browser browser;

    @BeforeAll
    static void launch() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Chromium not installed at " + CHROMIUM + "; browser test skipped");
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @AfterAll
    static void shutdown() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @Test
    void redrivingADeadLetterRemovesItFromTheList() {
        try (TestService service = new TestService("srv_browser_dlq"); Page page = browser.newPage()) {
            service.put("/api/queues/payments");
            service.post("/api/queues/payments/messages/batch", "[{\"payload\":{\"card\":\"a\"}},{\"payload\":{\"card\":\"b\"}}]");
            try (Workers w = service.sluice.startWorkers("payments", WorkerOptions.builder().concurrency(1).maxAttempts(1).build(), batch -> {
                throw new IllegalStateException("card declined");
            })) {
                await().atMost(Duration.ofSeconds(20)).until(() -> service.sluice.deadLetters().list("payments").size() == 2);
            }
            page.navigate(service.server.dashboardUrl());
            Locator rows = page.locator("#dead-letters tbody tr");
            page.waitForCondition(() -> rows.count() == 2, new Page.WaitForConditionOptions().setTimeout(15_000));
            assertThat(page.locator("#queues tbody tr[data-queue=payments] .dead").textContent()).isEqualTo("2");
            Locator limits = page.locator("#queues tbody tr[data-queue=payments] .limits");
            assertThat(limits.textContent()).isEqualTo("none");
            service.put("/api/queues/payments/limits", "{\"maxConcurrentBatches\":2,\"rateLimit\":1000}");
            page.waitForCondition(() -> limits.textContent().equals("\u2264 2 batches (0 running) \u00b7 1,000/s"),
                    new Page.WaitForConditionOptions().setTimeout(15_000));
            String firstId = rows.first().getAttribute("data-id");
            assertThat(rows.first().locator(".err").textContent()).contains("card declined");

            rows.first().locator("button.redrive").click();

            page.waitForCondition(() -> rows.count() == 1, new Page.WaitForConditionOptions().setTimeout(15_000));
            assertThat(page.locator("#dead-letters tbody tr[data-id='" + firstId + "']").count()).isZero();
            assertThat(service.sluice.deadLetters().list("payments")).hasSize(1);
            assertThat(service.sluice.queues().stats("payments").depth()).isEqualTo(1);
            // The token came from the URL fragment and was removed from the address bar.
            assertThat(page.url()).doesNotContain("token=");
        }
    }

    /**
     * The loaded dashboard with every card filled, checked for the layout faults found by hand and
     * kept as {@code target/dashboard.png} so that a person can look at it after every change.
     */
    @Test
    void theLoadedDashboardFitsItsCardsAndIsKeptAsAScreenshot() throws Exception {
        try (TestService service = new TestService("srv_browser_look", b -> b.streamInterval(Duration.ofMillis(250)));
             Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1400, 900))) {
            List<String> consoleErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<String> urls = new java.util.concurrent.CopyOnWriteArrayList<>();
            page.onConsoleMessage(m -> {
                if (m.type().equals("error") || m.text().contains("Content Security Policy")) {
                    consoleErrors.add(m.text());
                }
            });
            page.onRequest(r -> urls.add(r.url()));
            service.put("/api/queues/emails");
            service.put("/api/queues/versioning");
            service.post("/api/queues/emails/messages/batch", "[{\"payload\":{\"to\":\"" + "a".repeat(150) + "@example.com\",\"template\":\"welcome\"}},"
                    + "{\"payload\":{\"to\":\"b@example.com\"}}]");
            String longError = "550 mailbox unavailable: the recipient's mailbox " + "is full and does not accept mail ".repeat(4) + "(bounce)";
            try (Workers w = service.sluice.startWorkers("emails", WorkerOptions.builder().concurrency(1).maxAttempts(1).build(), batch -> {
                throw new IllegalStateException(longError);
            })) {
                await().atMost(Duration.ofSeconds(20)).until(() -> service.sluice.deadLetters().list("emails").size() == 2);
            }
            service.post("/api/scores/batch", "[{\"eventId\":\"a\",\"playerId\":\"ada\",\"score\":300},{\"eventId\":\"b\",\"playerId\":\"bob\",\"score\":200}]");
            try (Workers consumer = service.sluice.startWorkers("versioning", WorkerOptions.builder().concurrency(2).build(), batch -> { })) {
                service.post("/api/queues/versioning/messages/batch", "[{\"payload\":1},{\"payload\":2}]");
                page.navigate(service.server.dashboardUrl());
                Page.WaitForConditionOptions wait = new Page.WaitForConditionOptions().setTimeout(20_000);
                page.waitForCondition(() -> page.locator("#dead-letters tbody tr").count() == 2, wait);
                page.waitForCondition(() -> page.locator("#leaderboard tbody tr").count() == 2, wait);
                page.waitForCondition(() -> page.locator("#pipeline-section").isVisible(), wait);
                Locator versioning = page.locator("#queues tbody tr[data-queue=versioning]");
                page.waitForCondition(() -> "2".equals(versioning.locator(".workers").textContent()), wait);

                // The state reads as in `sluice queues`; the workers column tells a consumed queue from a forgotten one.
                assertThat(versioning.locator(".state").textContent()).isEqualTo("active");
                assertThat(page.locator("#queues tbody tr[data-queue=emails] .workers").textContent()).isEqualTo("none");
                // The charts are drawn (the history they start from is checked on the stream, in QueueStreamTest).
                assertThat(Integer.parseInt(versioning.locator("canvas.p").getAttribute("data-samples"))).isPositive();
                // Dead letters: the error is readable, nothing overflows the card, dates are ISO 8601.
                Locator firstDead = page.locator("#dead-letters tbody tr").first();
                assertThat(firstDead.locator(".err").textContent()).contains("550 mailbox unavailable: the recipient's mailbox is full");
                assertThat(firstDead.locator("td").nth(2).textContent()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
                assertThat((Boolean) page.evaluate("() => { const s = document.querySelector('#dead-section'); return s.scrollWidth <= s.clientWidth; }"))
                        .as("the dead-letter table fits its card").isTrue();
                // The short versioning card keeps its own height, so the leaderboard is in view.
                assertThat(((Number) page.evaluate("() => document.querySelector('#pipeline-section').getBoundingClientRect().height")).doubleValue())
                        .isLessThan(200);
                assertThat(((Number) page.evaluate("() => document.querySelector('#leaderboard-section').getBoundingClientRect().top")).doubleValue())
                        .as("the leaderboard is above the fold").isLessThan(900);

                Path shot = Paths.get("target", "dashboard.png");
                Files.createDirectories(shot.getParent());
                page.screenshot(new Page.ScreenshotOptions().setPath(shot).setFullPage(true));
                assertThat(Files.size(shot)).isGreaterThan(10_000);
            }
            assertThat(consoleErrors).as("console errors (a CSP violation shows here)").isEmpty();
            assertThat(urls).as("the token never goes in a URL").noneMatch(u -> u.contains(TestService.TOKEN));
        }
    }

    @Test
    void schedulesShowTheirNextTicksAndPauseFromThePage() {
        try (TestService service = new TestService("srv_browser_sched"); Page page = browser.newPage()) {
            service.put("/api/queues/reports");
            service.put("/api/schedules/nightly-report", "{\"queue\":\"reports\",\"cron\":\"0 3 * * *\",\"zone\":\"Europe/Paris\"}");
            page.navigate(service.server.dashboardUrl());
            Locator row = page.locator("#schedules tbody tr[data-schedule='nightly-report']");
            page.waitForCondition(() -> row.count() == 1, new Page.WaitForConditionOptions().setTimeout(15_000));
            assertThat(row.locator(".state").textContent()).isEqualTo("running");
            assertThat(row.textContent()).contains("0 3 * * * (Europe/Paris)").contains("reports");
            assertThat(row.locator(".next").textContent()).contains("\u00b7"); // three upcoming ticks
            assertThat(row.locator(".last").textContent()).isEqualTo("never");

            row.locator("button.toggle").click();

            page.waitForCondition(() -> "paused".equals(row.locator(".state").textContent()), new Page.WaitForConditionOptions().setTimeout(15_000));
            assertThat(service.sluice.schedules().get("nightly-report").paused()).isTrue();
            assertThat(row.locator("button.toggle").textContent()).isEqualTo("Resume");
        }
    }

    @Test
    void streamsShowEachSubscriptionsLagAndReplayFromThePage() {
        try (TestService service = new TestService("srv_browser_streams"); Page page = browser.newPage()) {
            service.put("/api/streams/orders");
            service.put("/api/streams/orders/subscriptions/audit");
            service.put("/api/streams/orders/subscriptions/search");
            service.post("/api/streams/orders/events/batch", "[{\"key\":\"a\",\"payload\":1},{\"key\":\"b\",\"payload\":2},{\"key\":\"a\",\"payload\":3}]");
            service.streams.poll("orders", "search", 100, b -> { });
            page.onDialog(dialog -> dialog.accept());
            page.navigate(service.server.dashboardUrl());
            Locator audit = page.locator("#streams tbody tr[data-subscription=audit]");
            Locator search = page.locator("#streams tbody tr[data-subscription=search]");
            Page.WaitForConditionOptions wait = new Page.WaitForConditionOptions().setTimeout(15_000);
            page.waitForCondition(() -> audit.count() == 1 && search.count() == 1, wait);
            assertThat(page.locator("#streams tr.stream-row[data-stream=orders] .events").textContent()).isEqualTo("3");
            assertThat(audit.locator(".lag").textContent()).isEqualTo("3");
            assertThat(search.locator(".lag").textContent()).isEqualTo("0");
            assertThat(search.locator(".age").textContent()).isEqualTo("caught up");
            assertThat(search.locator(".consumed").textContent()).isEqualTo("3");

            search.locator("button.replay").click();

            page.waitForCondition(() -> "3".equals(search.locator(".lag").textContent()), wait);
            assertThat(service.streams.stats("orders").subscriptions()).allSatisfy(sub -> assertThat(sub.lagEvents()).isEqualTo(3));
        }
    }

    @Test
    void leaderboardOnThePageChangesWhenEventsAreIngested() {
        try (TestService service = new TestService("srv_browser_board"); Page page = browser.newPage()) {
            service.post("/api/scores/batch", "[{\"eventId\":\"a\",\"playerId\":\"ada\",\"score\":300},{\"eventId\":\"b\",\"playerId\":\"bob\",\"score\":200}]");
            page.navigate(service.server.url() + "/");
            Locator first = page.locator("#leaderboard tbody tr").first();
            page.waitForCondition(() -> first.count() == 1 && "ada".equals(first.getAttribute("data-player")),
                    new Page.WaitForConditionOptions().setTimeout(15_000));

            service.post("/api/scores", "{\"eventId\":\"c\",\"playerId\":\"cyd\",\"score\":999}");

            page.waitForCondition(() -> "cyd".equals(first.getAttribute("data-player")), new Page.WaitForConditionOptions().setTimeout(15_000));
            assertThat(page.locator("#leaderboard tbody tr")).satisfies(rows -> assertThat(rows.count()).isEqualTo(3));
            assertThat(first.textContent()).contains("999");
        }
    }
}
