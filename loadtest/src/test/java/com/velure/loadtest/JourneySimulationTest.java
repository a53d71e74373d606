package com.velure.loadtest;

import com.velure.loadtest.report.MarkdownReport;
import io.gatling.app.Gatling$;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load test end to end against {@link FakeShop}: the journey as Gatling runs it, the sampler,
 * the report with its chart, and the verdict, for a run that meets the thresholds and one that
 * misses them.
 */
class JourneySimulationTest {

    private static final List<String> KEYS = List.of("loadtest.profile", "loadtest.stages", "loadtest.baseUrl", "loadtest.runDir",
            "loadtest.metrics", "loadtest.stack", "loadtest.threshold.failurePercent", "loadtest.configuration", "loadtest.warmup.journeys");

    @AfterEach
    void clearSettings() {
        KEYS.forEach(System::clearProperty);
    }

    @Test
    void aCleanRunPassesAndReportsEveryStep(@TempDir Path runDir) throws Exception {
        try (FakeShop shop = new FakeShop(0)) {
            int status = run(shop, runDir);

            Properties summary = summary(runDir);
            assertEquals(0, status, "Gatling's assertions hold");
            assertEquals("PASSED", summary.getProperty("verdict"), summary.toString());
            assertEquals(0, shop.badOrderBodies.get(), "every order carried product_id, name, price and quantity");
            int completed = Integer.parseInt(summary.getProperty("journeysCompleted"));
            assertTrue(completed >= 5, "journeys completed: " + completed);
            assertEquals(4 * completed, Integer.parseInt(summary.getProperty("requests")) - inFlight(summary));
            String report = Files.readString(runDir.resolve(MarkdownReport.REPORT));
            assertTrue(report.contains("| create-order status 201 | 100.00 %"), report);
            assertTrue(report.contains("| fake | `fake-pool` | 8 | 2000 ms |"), report);
            assertTrue(Files.size(runDir.resolve(MarkdownReport.CHART)) > 10_000, "chart written");
            assertTrue(Files.readAllLines(runDir.resolve("pools.csv")).size() > 5, "pool gauges sampled every second");
        }
    }

    @Test
    void failedOrdersFailTheRunAndAreListedByStatusAndMessage(@TempDir Path runDir) throws Exception {
        try (FakeShop shop = new FakeShop(3)) {
            int status = run(shop, runDir);

            Properties summary = summary(runDir);
            assertEquals(2, status, "Gatling reports the failed assertion");
            assertEquals("FAILED", summary.getProperty("verdict"));
            assertTrue(summary.getProperty("failedThresholds").contains("failed requests, create-order"), summary.toString());
            String report = Files.readString(runDir.resolve(MarkdownReport.REPORT));
            assertTrue(report.contains("| create-order | 503 | service overloaded, retry later |"), report);
            assertTrue(Integer.parseInt(summary.getProperty("poolTimeouts")) > 0, "timeouts are the counter's rise during the run");
        }
    }

    /** A request of a journey still running when the run ended is counted without its journey. */
    private static int inFlight(Properties summary) {
        return Integer.parseInt(summary.getProperty("requests")) % 4;
    }

    private static int run(FakeShop shop, Path runDir) {
        Map.of("loadtest.profile", "custom",
                "loadtest.stages", "2:4,6:4,1:0",
                "loadtest.baseUrl", shop.baseUrl(),
                "loadtest.runDir", runDir.toString(),
                "loadtest.metrics", "fake=" + shop.baseUrl() + "/metrics",
                "loadtest.stack", "none",
                "loadtest.configuration", "fake shop",
                "loadtest.warmup.journeys", "2").forEach(System::setProperty);
        return Gatling$.MODULE$.fromArgs(new String[]{"-s", VelureJourneySimulation.class.getName(), "-rf", runDir.toString(), "-nr"});
    }

    private static Properties summary(Path runDir) throws Exception {
        Properties summary = new Properties();
        try (var in = Files.newBufferedReader(runDir.resolve(MarkdownReport.SUMMARY))) {
            summary.load(in);
        }
        return summary;
    }
}
