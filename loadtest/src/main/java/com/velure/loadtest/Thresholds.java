package com.velure.loadtest;

/**
 * The run's pass criteria. Defaults are the project's goals; every one is configurable
 * ({@code loadtest.threshold.*}).
 *
 * @param requestP95Ms   95th percentile of every step's request time must stay below this
 * @param journeyP95Ms   95th percentile of the journey's wall-clock time (first request to the
 *                       order's response, pauses included) must stay below this
 * @param failurePercent share of failed requests per step must stay below this
 */
public record Thresholds(long requestP95Ms, long journeyP95Ms, double failurePercent) {

    public static final Thresholds GOALS = new Thresholds(1000, 6000, 0.1);
}
