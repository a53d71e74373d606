package com.velure.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the virtual users did, as the report needs it and Gatling's results do not give it: every
 * request's outcome with the API's error message, the journey's wall-clock time (pauses included,
 * which Gatling's group timings leave out) and how many users are inside a journey right now.
 * Thread-safe: every virtual user records into the one instance.
 */
public final class JourneyRecorder {

    /**
     * One request as the client saw it.
     *
     * @param endMillis  epoch milliseconds when the response (or the failure) arrived
     * @param status     HTTP status, 0 when no response arrived
     * @param statusOk   the status was the step's expected one
     * @param bodyOk     the body had what the step needs (only meaningful when statusOk)
     * @param failure    why the step failed, null when it passed
     * @param retryAfter the response's Retry-After header, null when it had none
     * @param subject    what the server acknowledged, for the fault suite's checks afterwards: the
     *                   e-mail of a registration answered 201, the id of an order answered 201; else null
     */
    public record RequestRecord(Step step, long endMillis, long elapsedMillis, int status,
                                boolean statusOk, boolean bodyOk, String failure, String retryAfter, String subject) {
        public RequestRecord(Step step, long endMillis, long elapsedMillis, int status, boolean statusOk, boolean bodyOk, String failure) {
            this(step, endMillis, elapsedMillis, status, statusOk, bodyOk, failure, null, null);
        }

        public boolean ok() {
            return failure == null;
        }

        /** A service's (or the ingress's) refusal, a 503 with Retry-After, as opposed to an error. */
        public boolean refused() {
            return !ok() && status == 503 && retryAfter != null && !retryAfter.isBlank();
        }
    }

    /** A journey that reached the order's response: its wall-clock time from the first request. */
    public record JourneyRecord(long endMillis, long wallMillis) {
    }

    private final ConcurrentLinkedQueue<RequestRecord> requests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<JourneyRecord> journeys = new ConcurrentLinkedQueue<>();
    private final AtomicInteger activeUsers = new AtomicInteger();
    private final AtomicInteger startedJourneys = new AtomicInteger();

    public void journeyStarted() {
        startedJourneys.incrementAndGet();
        activeUsers.incrementAndGet();
    }

    /** The user leaves: after the last pause, or at once after a failed step. */
    public void userLeft() {
        activeUsers.decrementAndGet();
    }

    public void request(RequestRecord record) {
        requests.add(record);
    }

    public void journeyCompleted(long endMillis, long wallMillis) {
        journeys.add(new JourneyRecord(endMillis, wallMillis));
    }

    public int activeUsers() {
        return activeUsers.get();
    }

    public int startedJourneys() {
        return startedJourneys.get();
    }

    public List<RequestRecord> requests() {
        return new ArrayList<>(requests);
    }

    public List<JourneyRecord> journeys() {
        return new ArrayList<>(journeys);
    }

    /** requests.csv and journeys.csv, for anyone who wants to slice the run differently. */
    public void writeCsv(Path directory) {
        try (Writer out = Files.newBufferedWriter(directory.resolve("requests.csv"))) {
            out.write("end_epoch_ms,step,elapsed_ms,status,ok,retry_after,subject,failure\n");
            for (RequestRecord r : requests) {
                out.write(r.endMillis() + "," + r.step().requestName + "," + r.elapsedMillis() + "," + r.status() + ","
                        + r.ok() + "," + Csv.quote(r.retryAfter() == null ? "" : r.retryAfter()) + ","
                        + Csv.quote(r.subject() == null ? "" : r.subject()) + ","
                        + Csv.quote(r.failure() == null ? "" : r.failure()) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Writer out = Files.newBufferedWriter(directory.resolve("journeys.csv"))) {
            out.write("end_epoch_ms,wall_ms\n");
            for (JourneyRecord j : journeys) {
                out.write(j.endMillis() + "," + j.wallMillis() + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
