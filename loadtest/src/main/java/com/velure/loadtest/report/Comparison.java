package com.velure.loadtest.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Puts finished runs side by side (the budgeted configuration next to the reproduction of the
 * original failure, say): one column per run, one row per figure, from each run's
 * summary.properties, with links to their reports and charts.
 *
 * <p>Usage: {@code Comparison OUT.md "label=runDir" "label=runDir" ...}
 */
public final class Comparison {

    /** Row title → summary key, in the order the table shows them. */
    private static final Map<String, String> ROWS = new LinkedHashMap<>();

    static {
        ROWS.put("configuration", "configuration");
        ROWS.put("replicas", "replicas");
        ROWS.put("PgBouncer", "pgbouncer");
        ROWS.put("password hashing", "hashing");
        ROWS.put("hash parameters found (users)", "hashParameters");
        ROWS.put("verdict", "verdict");
        ROWS.put("requests", "requests");
        ROWS.put("failed requests", "failedRequests");
        ROWS.put("failed requests, %", "failedPercent");
        ROWS.put("errors by status", "errorsByStatus");
        ROWS.put("requests answered 503 for 53300 (service logs)", "tooManyConnectionsResponses");
        ROWS.put("log lines mentioning 53300", "tooManyConnectionsLogLines");
        ROWS.put("first 53300 (time into the run, users active)", "tooManyConnectionsFirst");
        ROWS.put("what clients saw while PostgreSQL refused", "tooManyConnectionsClientsSaw");
        ROWS.put("p95 request time, ms", "requestP95Ms");
        ROWS.put("p99 request time, ms", "requestP99Ms");
        ROWS.put("p95 journey wall-clock, ms", "journeyP95Ms");
        ROWS.put("30-s p95 of served requests first reached the threshold", "p95CrossedThresholdAt");
        ROWS.put("journeys completed", "journeysCompleted");
        ROWS.put("journeys/s", "journeysPerSecond");
        ROWS.put("journeys/s while the most users were held", "journeysPerSecondAtPeak");
        ROWS.put("p95 of served requests, ms", "servedP95Ms");
        ROWS.put("refused (503 with Retry-After)", "refused");
        ROWS.put("p95 of refusals, ms", "refusedP95Ms");
        ROWS.put("refusals within 100 ms, %", "refusedWithin100MsPercent");
        ROWS.put("peak PostgreSQL connections, all", "peakDatabaseConnections");
        ROWS.put("peak PostgreSQL connections, service roles", "peakServiceConnections");
        ROWS.put("peak per role", "peakByRole");
        ROWS.put("connection budget of the service roles", "connectionBudget");
        ROWS.put("never above the budget", "withinBudget");
        ROWS.put("peak pool waiters", "peakPoolWaiters");
        ROWS.put("pool wait timeouts (503)", "poolTimeouts");
        ROWS.put("orders after processing", "orders");
        ROWS.put("other Payara JVMs at start", "otherJvmsAtStart");
        ROWS.put("machine load average (1 min) while users were active", "loadAverage");
        ROWS.put("stack boot, s", "stackBootSeconds");
        ROWS.put("stack memory (PSS), MiB", "stackMemoryMiB");
    }

    private Comparison() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: Comparison OUT.md label=runDir label=runDir ...");
            System.exit(2);
        }
        Path out = Path.of(args[0]).toAbsolutePath();
        List<String> labels = new ArrayList<>();
        List<Path> runs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            if (equals < 1) {
                System.err.println("expected label=runDir, got '" + args[i] + "'");
                System.exit(2);
            }
            Path run = Path.of(args[i].substring(equals + 1)).toAbsolutePath();
            if (!Files.isRegularFile(run.resolve(MarkdownReport.SUMMARY))) {
                System.err.println("no " + MarkdownReport.SUMMARY + " in " + run + ": not a finished or saved run");
                System.exit(2);
            }
            labels.add(args[i].substring(0, equals));
            runs.add(run);
        }
        Files.writeString(out, markdown(out.getParent(), labels, runs));
        System.out.println("[loadtest] comparison: " + out);
    }

    static String markdown(Path outDirectory, List<String> labels, List<Path> runs) throws IOException {
        List<Properties> summaries = new ArrayList<>();
        for (Path run : runs) {
            Properties summary = new Properties();
            try (Reader in = Files.newBufferedReader(run.resolve(MarkdownReport.SUMMARY))) {
                summary.load(in);
            }
            summaries.add(summary);
        }
        StringBuilder md = new StringBuilder("| | ").append(String.join(" | ", labels)).append(" |\n|---|");
        md.append("---|".repeat(labels.size())).append('\n');
        ROWS.forEach((title, key) -> {
            md.append("| ").append(title);
            summaries.forEach(s -> md.append(" | ").append(s.getProperty(key, "n/a").replace("|", "\\|")));
            md.append(" |\n");
        });
        md.append("| report");
        for (Path run : runs) {
            String relative = outDirectory.relativize(run).toString().replace('\\', '/');
            md.append(" | [report](").append(relative).append("/report.md), [chart](").append(relative).append("/chart.png)");
        }
        md.append(" |\n");
        // Each run's chart below the table, in the same order.
        for (int i = 0; i < runs.size(); i++) {
            String relative = outDirectory.relativize(runs.get(i)).toString().replace('\\', '/');
            md.append("\n### ").append(labels.get(i)).append("\n\n![").append(labels.get(i)).append("](").append(relative).append("/chart.png)\n");
        }
        return md.toString();
    }
}
