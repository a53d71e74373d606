package com.velure.loadtest.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Turns a finished run into an exit status, for the build and for run.sh: 0 when every threshold
 * held, 1 when one was missed, 2 when the run left no summary (it did not finish).
 */
public final class Verdict {

    private Verdict() {
    }

    public static void main(String[] args) throws IOException {
        Path run = Path.of(args[0]).toAbsolutePath();
        Path summary = run.resolve(MarkdownReport.SUMMARY);
        if (!Files.exists(summary)) {
            System.err.println("[loadtest] no " + MarkdownReport.SUMMARY + " in " + run + ": the run did not finish");
            System.exit(2);
        }
        Properties figures = new Properties();
        try (Reader in = Files.newBufferedReader(summary)) {
            figures.load(in);
        }
        System.out.println("[loadtest] report: " + run.resolve(MarkdownReport.REPORT));
        if (!"PASSED".equals(figures.getProperty("verdict"))) {
            System.err.println("[loadtest] thresholds missed: " + figures.getProperty("failedThresholds"));
            System.exit(1);
        }
        System.out.println("[loadtest] every threshold met");
    }
}
