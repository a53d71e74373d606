package com.velure.loadtest.report;

import com.velure.loadtest.JourneyRecorder.RequestRecord;
import com.velure.loadtest.sampling.DatabaseReading;
import com.velure.loadtest.sampling.Sample;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The run on one time axis (minutes since the start): active users against the profile's target,
 * the p95 request time over the last 5 seconds against its threshold, PostgreSQL's client
 * connections (total and per service role, against the slots PostgreSQL gives them and the
 * budget) and the requests waiting for a pooled connection (per service, its replicas together).
 */
public final class Chart {

    /** The p95 at second t is over the requests that completed in (t-5 s, t]. */
    static final int P95_WINDOW_SECONDS = 5;

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0x7f7f7f)};

    private Chart() {
    }

    public static void write(RunAnalysis run, Path png) throws IOException {
        RunData data = run.data;
        long start = data.startMillis();

        XYSeries users = new XYSeries("active users");
        XYSeries target = new XYSeries("profile target");
        XYSeries waitersTotal = new XYSeries("all services");
        Map<String, XYSeries> waiters = new TreeMap<>();
        XYSeries dbTotal = new XYSeries("total (PostgreSQL)");
        XYSeries dbServices = new XYSeries("service roles together");
        Map<String, XYSeries> dbByRole = new TreeMap<>();
        int slots = -1;
        for (Sample sample : data.samples()) {
            double minute = (sample.epochMillis() - start) / 60_000.0;
            users.add(minute, sample.activeUsers());
            waitersTotal.add(minute, sample.poolWaiters());
            // Replicas of a service (auth-1, auth-2...) add up to one line per service.
            Map<String, Double> perService = new TreeMap<>();
            sample.pools().forEach((instance, pool) -> perService.merge(instance.replaceFirst("-\\d+$", ""),
                    Double.isNaN(pool.waiting()) ? 0 : pool.waiting(), Double::sum));
            perService.forEach((service, n) -> waiters.computeIfAbsent(service, XYSeries::new).add(minute, n));
            if (sample.database() != null) {
                dbTotal.add(minute, sample.database().total());
                dbServices.add(minute, sample.database().services());
                sample.database().byRole().forEach((role, n) -> {
                    if (!role.equals(DatabaseReading.SUPERUSER)) {
                        dbByRole.computeIfAbsent("role " + role, XYSeries::new).add(minute, n);
                    }
                });
                slots = sample.database().maxConnections() - sample.database().reserved();
            }
        }
        int totalSeconds = data.settings().profile().totalSeconds();
        for (int second = 0; second <= totalSeconds; second += Math.max(1, totalSeconds / 600)) {
            target.add(second / 60.0, data.settings().profile().targetUsersAt(second));
        }

        // Both: past the knee most requests are refusals answered at once, which hold the p95 of all down.
        XYSeries p95 = new XYSeries("p95 of all requests, " + P95_WINDOW_SECONDS + " s window");
        for (Map.Entry<Long, Long> point : p95PerSecond(data.requests(), start, P95_WINDOW_SECONDS).entrySet()) {
            p95.add(point.getKey() / 60.0, point.getValue());
        }
        XYSeries servedP95 = new XYSeries("p95 of served requests");
        List<RequestRecord> served = data.requests().stream().filter(RequestRecord::ok).toList();
        for (Map.Entry<Long, Long> point : p95PerSecond(served, start, P95_WINDOW_SECONDS).entrySet()) {
            servedP95.add(point.getKey() / 60.0, point.getValue());
        }

        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("minutes since start"));
        plot.setGap(12);
        plot.add(subplot("active users", List.of(users, target)), 2);
        XYPlot latency = subplot("request time (ms)", List.of(servedP95, p95));
        latency.addRangeMarker(line(data.settings().thresholds().requestP95Ms(), "p95 threshold"));
        plot.add(latency, 2);
        List<XYSeries> db = new ArrayList<>();
        db.add(dbTotal);
        db.add(dbServices);
        db.addAll(dbByRole.values());
        XYPlot connections = subplot("PostgreSQL connections", db);
        if (slots > 0) {
            connections.addRangeMarker(line(slots, "max_connections − reserved = " + slots));
        }
        RunAnalysis.ConnectionBudget budget = run.connectionBudget();
        if (budget != null && (slots <= 0 || budget.connections() < slots)) {
            connections.addRangeMarker(line(budget.connections(), "budget of the service roles = " + budget.connections()));
        }
        plot.add(connections, 2);
        List<XYSeries> pool = new ArrayList<>();
        pool.add(waitersTotal);
        pool.addAll(waiters.values());
        plot.add(subplot("pool waiters", pool), 2);

        JFreeChart chart = new JFreeChart(title(data), new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1400, 1100);
    }

    /** A dashed horizontal line with its label: a threshold or a limit. */
    private static ValueMarker line(double value, String label) {
        ValueMarker marker = new ValueMarker(value, Color.GRAY,
                new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[]{6f, 4f}, 0f));
        marker.setLabel(label);
        marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        return marker;
    }

    private static String title(RunData data) {
        return "Velure load test: " + data.settings().profile().name() + " profile, " + data.settings().configuration();
    }

    private static XYPlot subplot(String label, List<XYSeries> series) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        series.forEach(dataset::addSeries);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(i == 0 ? 1.8f : 1.2f));
        }
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(true);
        axis.setAutoRangeMinimumSize(1); // a flat zero line stays a zero line, not ±1E-9
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYPlot plot = new XYPlot(dataset, null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        // Each panel names its own lines: one legend for all would repeat colours.
        LegendTitle legend = new LegendTitle(plot);
        legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        legend.setBackgroundPaint(new Color(255, 255, 255, 210));
        legend.setFrame(new BlockBorder(Color.LIGHT_GRAY));
        legend.setPosition(RectangleEdge.TOP);
        plot.addAnnotation(new XYTitleAnnotation(0.995, 0.98, legend, RectangleAnchor.TOP_RIGHT));
        return plot;
    }

    /** Second since start → p95 of the request times that ended in the {@code windowSeconds} before it. */
    static TreeMap<Long, Long> p95PerSecond(List<RequestRecord> requests, long startMillis, int windowSeconds) {
        TreeMap<Long, List<Long>> bySecond = new TreeMap<>();
        for (RequestRecord r : requests) {
            bySecond.computeIfAbsent(Math.max(0, (r.endMillis() - startMillis) / 1000), k -> new ArrayList<>()).add(r.elapsedMillis());
        }
        TreeMap<Long, Long> p95 = new TreeMap<>();
        if (bySecond.isEmpty()) {
            return p95;
        }
        TreeSet<Long> seconds = new TreeSet<>(bySecond.keySet());
        for (long second = seconds.first(); second <= seconds.last(); second++) {
            List<Long> window = new ArrayList<>();
            for (long s = second - windowSeconds + 1; s <= second; s++) {
                window.addAll(bySecond.getOrDefault(s, List.of()));
            }
            if (!window.isEmpty()) {
                p95.put(second, new Percentiles(window.stream().mapToLong(Long::longValue).toArray()).at(95));
            }
        }
        return p95;
    }
}
