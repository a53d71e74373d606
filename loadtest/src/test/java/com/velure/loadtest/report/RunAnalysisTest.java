package com.velure.loadtest.report;

import com.velure.loadtest.JourneyRecorder.JourneyRecord;
import com.velure.loadtest.JourneyRecorder.RequestRecord;
import com.velure.loadtest.LoadProfile;
import com.velure.loadtest.LoadTestSettings;
import com.velure.loadtest.Step;
import com.velure.loadtest.Thresholds;
import com.velure.loadtest.sampling.DatabaseReading;
import com.velure.loadtest.sampling.PoolReading;
import com.velure.loadtest.sampling.Sample;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunAnalysisTest {

    private static final long START = 1_700_000_000_000L;
    private static final LoadTestSettings SETTINGS = new LoadTestSettings(LoadProfile.custom("60:10,60:20"), "http://localhost:8080",
            Thresholds.GOALS, Path.of("target/unused"), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), "test", "test", 0);

    @Test
    void fastRequestsAndJourneysPassEveryThreshold() {
        RunAnalysis run = new RunAnalysis(data(requests(120, 100, null), journeys(5200), samples(120, 0)));

        assertTrue(run.passed(), run.thresholds.toString());
        assertNull(run.thresholdCrossing());
        assertEquals(100, run.steps.get(Step.ORDER).times().at(95));
    }

    @Test
    void theJourneysWallClockIsAThresholdOfItsOwn() {
        RunAnalysis run = new RunAnalysis(data(requests(120, 100, null), journeys(6100), samples(120, 0)));

        assertFalse(run.passed());
        assertEquals(List.of("p95 journey wall-clock (first request → order response, pauses included)"),
                run.thresholds.stream().filter(t -> !t.passed()).map(RunAnalysis.ThresholdResult::metric).toList());
    }

    @Test
    void theKneeIsWhereThe30SecondP95FirstReachesTheThreshold() {
        RunAnalysis run = new RunAnalysis(data(fastMinuteThenSlowMinute(0), journeys(5200), samples(120, 0)));

        RunAnalysis.Crossing crossing = run.thresholdCrossing();
        // 30-s window: 5 % of 120 requests = 6, reached once 2 seconds of slow requests (8) are in it.
        assertEquals(61, Math.round(crossing.minute() * 60));
        assertEquals(20, crossing.activeUsers(), "users from the samples at that second");
        assertFalse(run.passed());
    }

    @Test
    void fastRefusalsDoNotHideTheKneeOfTheServedRequests() {
        // 96 % of the second minute's requests refused in 50 ms: the p95 of all of them stays at 50 ms
        RunAnalysis run = new RunAnalysis(data(fastMinuteThenSlowMinute(100), journeys(5200), samples(120, 0)));

        RunAnalysis.Crossing crossing = run.thresholdCrossing();
        assertNotNull(crossing, "the served requests' 30-s p95 reached 1 s");
        assertEquals(61, Math.round(crossing.minute() * 60));
        assertEquals(1500, crossing.p95Millis());
    }

    @Test
    void errorsAreCountedByStepStatusAndMessageAndPoolTimeoutsFromTheBaseline() {
        List<RequestRecord> requests = requests(100, 50, null);
        for (int i = 0; i < 3; i++) {
            requests.add(new RequestRecord(Step.REGISTER, START + 5000, 30, 503, false, false, "service overloaded, retry later"));
        }
        requests.add(new RequestRecord(Step.ORDER, START + 6000, 5000, 0, false, false, "no response (connection failed or timed out)"));
        RunAnalysis run = new RunAnalysis(data(requests, journeys(5200), samples(100, 7)));

        assertEquals(Map.of(new RunAnalysis.ErrorKind("register", 503, "service overloaded, retry later"), 3L,
                new RunAnalysis.ErrorKind("create-order", 0, "no response (connection failed or timed out)"), 1L), run.errors);
        assertEquals(List.of(new RunAnalysis.ErrorKind("register", 503, "service overloaded, retry later")),
                run.errors.keySet().stream().limit(1).toList(), "most frequent first");
        assertEquals(7, run.pools.get("auth").timeouts(), "the counter's rise during the run, not its absolute value");
        assertEquals(12, run.peakDatabaseConnections);
        assertEquals(3, run.peakPoolWaiters);
    }

    @Test
    void tooManyConnectionsIsDatedFromTheLogsWithTheUsersThenAndWhatTheClientsGot() {
        List<RequestRecord> requests = requests(100, 50, null);
        requests.add(new RequestRecord(Step.REGISTER, START + 70_500, 40, 503, false, false, "database unavailable, retry later"));
        requests.add(new RequestRecord(Step.LOGIN, START + 90_000, 40, 503, false, false, "service overloaded, retry later"));
        Map<String, ServiceLogs.TooManyConnections> logs = Map.of(
                "auth-1.log", new ServiceLogs.TooManyConnections(4, 1, START + 70_000, START + 71_000),
                "auth-2.log", new ServiceLogs.TooManyConnections(0, 0, -1, -1));
        List<Sample> samples = samples(100, 0);
        RunAnalysis run = new RunAnalysis(new RunData(SETTINGS, START, START + 99_000, requests, journeys(5200), 100, samples,
                samples.get(0), Map.of(), logs, new Machine(2, 1L << 34, "test", "test", "test", 0, List.of()), null, null, null));

        RunAnalysis.TooManyConnectionsEpisode episode = run.tooManyConnectionsEpisode();
        assertEquals(START + 70_000, episode.firstMillis());
        assertEquals(20, episode.usersAtFirst());
        assertEquals(Map.of(new RunAnalysis.ErrorKind("register", 503, "database unavailable, retry later"), 1L), episode.clientsSaw(),
                "only what failed while PostgreSQL refused");
        assertEquals(11, run.peakServiceConnections, "the service roles, not the superuser");
        assertEquals(8, run.connectionBudget().connections(), "no PgBouncer: the instances' pool maxima");
        assertEquals(1.5, run.loadAverage[0]);
    }

    @Test
    void cpuPerJourneyIsGivenMinuteByMinuteForTheThreeServicesTogether() {
        List<JourneyRecord> journeys = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        for (int second = 0; second < 120; second++) {
            journeys.add(new JourneyRecord(START + second * 1000L, 4100));
            journeys.add(new JourneyRecord(START + second * 1000L + 500, 4100));
            // Compiling in the first minute: twice the CPU for the same two journeys a second.
            double auth = second < 60 ? 0.2 : 0.1;
            samples.add(new Sample(START + second * 1000L, 10, Map.of(), null,
                    Map.of("auth", auth, "catalog", auth, "order", 2 * auth, "postgres", 0.5, Sample.MACHINE_CPU, 1.5), 1.5, Map.of()));
        }
        samples.add(new Sample(START + 120_000, 0, Map.of(), null, Map.of("auth", 0.0), 1.5, Map.of()));

        List<RunAnalysis.MinuteCpu> minutes = new RunAnalysis(data(requests(120, 100, null), journeys, samples)).cpuByMinute;

        assertEquals(List.of(0, 1), minutes.stream().map(RunAnalysis.MinuteCpu::minute).toList());
        assertEquals(2.0, minutes.get(0).journeysPerSecond(), 1e-9);
        assertEquals(0.8, minutes.get(0).serviceCores(), 1e-9, "PostgreSQL and the machine are not the services");
        assertEquals(400, minutes.get(0).serviceMillisPerJourney(), 1e-9);
        assertEquals(200, minutes.get(1).serviceMillisPerJourney(), 1e-9);
        assertEquals(1.5, minutes.get(1).machineCores(), 1e-9);
    }

    @Test
    void aGapInTheSamplerIsAStallAndItsMinuteIsLeftOutOfTheRefusalsOnRequest() {
        List<RequestRecord> requests = requests(120, 50, null);
        // Minute 1: refusals at once. Minute 2, around the stall: refusals that waited it out.
        for (int i = 0; i < 9; i++) {
            requests.add(new RequestRecord(Step.REGISTER, START + 10_000 + i, 40, 503, false, false, "service overloaded", "1", null));
        }
        requests.add(new RequestRecord(Step.REGISTER, START + 20_000, 400, 503, false, false, "service overloaded", "1", null));
        for (int i = 0; i < 10; i++) {
            requests.add(new RequestRecord(Step.REGISTER, START + 95_000 + i, 9_000, 503, false, false, "service overloaded", "1", null));
        }
        List<Sample> samples = new ArrayList<>(samples(120, 0));
        // The machine paused from 85 s to 94 s: no beat between, and no request completed.
        samples.removeIf(s -> s.epochMillis() > START + 85_000 && s.epochMillis() < START + 94_000);
        requests.removeIf(r -> r.endMillis() > START + 85_000 && r.endMillis() < START + 94_000);
        RunAnalysis run = new RunAnalysis(data(requests, journeys(5200), samples));

        assertEquals(List.of(new RunAnalysis.Stall(START + 85_000, START + 94_000)), run.stalls);
        assertEquals(java.util.Set.of(1), run.stalledMinutes());
        assertEquals(45.0, run.refusedWithinPercent(100), 1e-9, "every refusal counts by default");
        assertEquals(90.0, run.refusedWithinPercent(100, true), 1e-9, "the stalled minute's refusals left out");
        String report = MarkdownReport.markdown(run);
        assertTrue(report.contains("sampler did not run for 9.0 s at 1 min 25 s into the run (22:14:45 UTC)"), report);
        assertTrue(report.contains("Refusals answered within 100 ms: 45.0 % (90.0 % outside the minutes with a stall)."), report);
    }

    @Test
    void aLateBeatWhileRequestsKeepCompletingIsNoStall() {
        List<RequestRecord> requests = requests(120, 50, null);
        // The sampler's beat came 3 s late (its own scrapes on a saturated machine), the requests went on.
        for (long at = START + 85_000; at < START + 88_000; at += 400) {
            requests.add(new RequestRecord(Step.PRODUCTS, at, 300, Step.PRODUCTS.expectedStatus, true, true, null));
        }
        List<Sample> samples = new ArrayList<>(samples(120, 0));
        samples.removeIf(s -> s.epochMillis() > START + 85_000 && s.epochMillis() < START + 88_000);
        RunAnalysis run = new RunAnalysis(data(requests, journeys(5200), samples));

        assertTrue(run.stalls.isEmpty(), run.stalls.toString());
        assertFalse(MarkdownReport.markdown(run).contains("stood still"));
        assertEquals(600, RunAnalysis.longestSilence(new long[]{START + 85_000, START + 85_400, START + 86_000}, START + 84_900, START + 86_600));
        assertEquals(1_000, RunAnalysis.longestSilence(new long[]{START + 80_000, START + 95_000}, START + 85_000, START + 86_000), "none inside");
    }

    @Test
    void beatsASecondApartAreNoStall() {
        RunAnalysis run = new RunAnalysis(data(requests(120, 50, null), journeys(5200), samples(120, 0)));

        assertTrue(run.stalls.isEmpty());
        assertTrue(Double.isNaN(run.refusedWithinPercent(100, true)), "no refusals at all");
    }

    /** A minute of every step served in 200 ms, then a minute of 1.5 s with {@code refusalsPerSecond} fast 503s beside. */
    private static List<RequestRecord> fastMinuteThenSlowMinute(int refusalsPerSecond) {
        List<RequestRecord> requests = requests(60, 200, null);
        for (int second = 60; second < 120; second++) {
            for (Step step : Step.values()) {
                requests.add(new RequestRecord(step, START + second * 1000L, 1500, step.expectedStatus, true, true, null));
            }
            for (int i = 0; i < refusalsPerSecond; i++) {
                requests.add(new RequestRecord(Step.REGISTER, START + second * 1000L, 50, 503, false, false, "service overloaded, retry later"));
            }
        }
        return requests;
    }

    /** For each second, one request per step, each taking {@code millis}. */
    private static List<RequestRecord> requests(int seconds, long millis, String failure) {
        List<RequestRecord> requests = new ArrayList<>();
        for (int second = 0; second < seconds; second++) {
            for (Step step : Step.values()) {
                requests.add(new RequestRecord(step, START + second * 1000L, millis, step.expectedStatus, true, true, failure));
            }
        }
        return requests;
    }

    private static List<JourneyRecord> journeys(long wallMillis) {
        List<JourneyRecord> journeys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            journeys.add(new JourneyRecord(START + i * 1000L, wallMillis - 100 + i % 50));
        }
        return journeys;
    }

    /** One sample a second: 10 users, then 20 after a minute; the timeout counter rises by {@code timeouts}. */
    private static List<Sample> samples(int seconds, int timeouts) {
        List<Sample> samples = new ArrayList<>();
        for (int second = 0; second < seconds; second++) {
            PoolReading pool = new PoolReading("auth-pool", 4, 4, second == 10 ? 3 : 0, 100 + (second * timeouts) / Math.max(1, seconds - 1), 8, 2000);
            samples.add(new Sample(START + second * 1000L, second < 60 ? 10 : 20, Map.of("auth", pool),
                    new DatabaseReading(second == 20 ? 12 : 9, 2, 0, Map.of("velure-auth", 4), Map.of("auth", second == 20 ? 11 : 8, "postgres", 1), 100, 3),
                    Map.of(), 1.5, Map.of("auth", 400L << 20)));
        }
        return samples;
    }

    private static RunData data(List<RequestRecord> requests, List<JourneyRecord> journeys, List<Sample> samples) {
        Sample last = samples.get(samples.size() - 1);
        return new RunData(SETTINGS, START, last.epochMillis(), requests, journeys, journeys.size(), samples, samples.get(0),
                Map.of(), Map.of(), new Machine(2, 1L << 34, "test", "test", "test", 0, List.of()), null, null, null);
    }
}
