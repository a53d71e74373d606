package com.velure.loadtest.report;

import com.velure.loadtest.JourneyRecorder.JourneyRecord;
import com.velure.loadtest.JourneyRecorder.RequestRecord;
import com.velure.loadtest.LoadTestSettings;
import com.velure.loadtest.sampling.Sample;

import java.util.List;
import java.util.Map;

/**
 * Everything a finished run leaves for its report.
 *
 * @param startMillis           when the first user was injected (epoch ms)
 * @param endMillis             when the last user left (epoch ms)
 * @param baseline              a sample just before the load (pool counters start here), may be null
 * @param samplerFailures       what could not be sampled, and how often
 * @param tooManyConnectionLogs log file → its 53300 traces, empty when no logs were read
 * @param gatlingReport         Gatling's index.html, relative to the run directory (null if unknown)
 * @param outcomes              what the run left in the database (orders, stock, hashes), null when not reachable
 * @param stackBootTime         how long the local stack took from its launcher's start to ready, null when none was started
 */
public record RunData(LoadTestSettings settings, long startMillis, long endMillis, List<RequestRecord> requests,
                      List<JourneyRecord> journeys, int startedJourneys, List<Sample> samples, Sample baseline,
                      Map<String, Integer> samplerFailures, Map<String, ServiceLogs.TooManyConnections> tooManyConnectionLogs, Machine machine,
                      String gatlingReport, RunOutcomes outcomes, java.time.Duration stackBootTime) {
}
