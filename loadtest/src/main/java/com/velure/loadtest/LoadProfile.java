package com.velure.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How many virtual users run the journey over time: a list of stages, each ramping linearly from
 * the previous target to its own within its duration, as k6's {@code stages} did.
 */
public record LoadProfile(String name, List<Stage> stages) {

    /** Ramp (or hold) to {@code targetUsers} over {@code seconds}. */
    public record Stage(int seconds, int targetUsers) {
    }

    /** Users added per one-minute stage when {@code stress} continues the seed's ramp past 150. */
    public static final int DEFAULT_STRESS_STEP = 50;

    /** The original k6 ramp: one minute to each of these user counts. */
    private static final int[] SEED_RAMP = {10, 30, 50, 70, 90, 110, 130, 150};

    /** The original k6 stages: 1 min each to 10, 30, 50, 70, 90, 110, 130, 150, 2 min at 150, 1 min to 0. */
    public static LoadProfile seed() {
        List<Stage> stages = seedRamp();
        stages.add(new Stage(120, 150));
        stages.add(new Stage(60, 0));
        return new LoadProfile("seed", List.copyOf(stages));
    }

    /** 20 users for about a minute: a short ramp so the first requests do not all start at once. */
    public static LoadProfile smoke() {
        return new LoadProfile("smoke", List.of(new Stage(10, 20), new Stage(50, 20), new Stage(5, 0)));
    }

    /** The seed's ramp, continued in one-minute stages of {@code step} users to 500, 2 min at 500, 1 min to 0. */
    public static LoadProfile stress(int step) {
        if (step < 1) {
            throw new IllegalArgumentException("stress step must be at least 1 user, was " + step);
        }
        List<Stage> stages = seedRamp();
        for (int target = 150 + step; ; target += step) {
            stages.add(new Stage(60, Math.min(target, 500)));
            if (target >= 500) {
                break;
            }
        }
        stages.add(new Stage(120, 500));
        stages.add(new Stage(60, 0));
        return new LoadProfile("stress", List.copyOf(stages));
    }

    /**
     * Issue 15's fixed loads: {@code users} reached in 30 s, held {@code holdSeconds}, 10 s down. Held
     * minutes, not a ramp, because a cold JVM's first minutes under load cost several times its steady
     * CPU and a ramp mixes the two.
     */
    public static LoadProfile hold(int users, int holdSeconds) {
        if (users < 1) {
            throw new IllegalArgumentException("the hold profile needs the users to hold (--users N), at least 1");
        }
        requirePositiveHold(holdSeconds);
        return new LoadProfile("hold", List.of(new Stage(30, users), new Stage(holdSeconds, users), new Stage(10, 0)));
    }

    /** Users added per one-minute stage after 150 on the way to the knee. */
    public static final int KNEE_STEP = 100;

    /** The knee profile's defaults: the ramp to 1000 users the November runs took, a minute at the top. */
    public static final int KNEE_DEFAULT_USERS = 1000;
    public static final int KNEE_DEFAULT_HOLD_SECONDS = 60;

    /**
     * Issue 15's ramp to find the knee (where the 30-second p95 crosses 1 s): the seed's ramp, then
     * one-minute stages of 100 users to {@code users}, {@code holdSeconds} held there, 1 min down.
     * With fewer users and a longer hold it is the "past the knee" point: warm JVMs brought to
     * 1.5 × the knee and held.
     */
    public static LoadProfile knee(int users, int holdSeconds) {
        if (users < 150) {
            throw new IllegalArgumentException("the knee profile continues the seed's ramp past 150 users, got " + users);
        }
        requirePositiveHold(holdSeconds);
        List<Stage> stages = seedRamp();
        for (int target = 150 + KNEE_STEP; target < users + KNEE_STEP; target += KNEE_STEP) {
            stages.add(new Stage(60, Math.min(target, users)));
        }
        stages.add(new Stage(holdSeconds, users));
        stages.add(new Stage(60, 0));
        return new LoadProfile("knee", List.copyOf(stages));
    }

    private static void requirePositiveHold(int holdSeconds) {
        if (holdSeconds < 1) {
            throw new IllegalArgumentException("the hold must be at least 1 s, was " + holdSeconds);
        }
    }

    private static List<Stage> seedRamp() {
        List<Stage> stages = new ArrayList<>();
        for (int target : SEED_RAMP) {
            stages.add(new Stage(60, target));
        }
        return stages;
    }

    /**
     * Stages written as {@code seconds:users,...}, e.g. {@code 30:10,60:10,10:0}: for a quick look at
     * one load level, or a test of the load test itself.
     */
    public static LoadProfile custom(String stages) {
        List<Stage> parsed = new ArrayList<>();
        for (String stage : stages.split(",")) {
            String[] parts = stage.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("a stage is seconds:users, got '" + stage + "'");
            }
            int seconds = Integer.parseInt(parts[0].trim());
            int users = Integer.parseInt(parts[1].trim());
            if (seconds < 1 || users < 0) {
                throw new IllegalArgumentException("a stage needs at least 1 s and no negative users, got '" + stage + "'");
            }
            parsed.add(new Stage(seconds, users));
        }
        return new LoadProfile("custom", List.copyOf(parsed));
    }

    /** What a named profile takes from the command line; 0 users or hold seconds: the profile's default. */
    public record Options(int stressStep, int users, int holdSeconds, String customStages) {

        public static Options defaults() {
            return new Options(DEFAULT_STRESS_STEP, 0, 0, null);
        }
    }

    /** Held 9 minutes by default: the compiler's work is done by about the sixth (see the load test's README). */
    public static final int DEFAULT_HOLD_SECONDS = 540;

    /**
     * {@code seed}, {@code smoke}, {@code stress}, {@code hold}, {@code knee} or {@code custom}, with
     * the options each takes.
     */
    public static LoadProfile named(String name, Options options) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "seed" -> seed();
            case "smoke" -> smoke();
            case "stress" -> stress(options.stressStep());
            case "hold" -> hold(options.users(), options.holdSeconds() == 0 ? DEFAULT_HOLD_SECONDS : options.holdSeconds());
            case "knee" -> knee(options.users() == 0 ? KNEE_DEFAULT_USERS : options.users(),
                    options.holdSeconds() == 0 ? KNEE_DEFAULT_HOLD_SECONDS : options.holdSeconds());
            case "custom" -> custom(options.customStages() == null ? "" : options.customStages());
            default -> throw new IllegalArgumentException("unknown load profile '" + name + "': use seed, smoke, stress, hold, knee or custom");
        };
    }

    public int totalSeconds() {
        return stages.stream().mapToInt(Stage::seconds).sum();
    }

    public int peakUsers() {
        return stages.stream().mapToInt(Stage::targetUsers).max().orElse(0);
    }

    /** The target number of users {@code second} seconds after the start (linear within a stage). */
    public double targetUsersAt(double second) {
        double start = 0;
        int from = 0;
        for (Stage stage : stages) {
            if (second <= start + stage.seconds()) {
                return from + (stage.targetUsers() - from) * (second - start) / stage.seconds();
            }
            start += stage.seconds();
            from = stage.targetUsers();
        }
        return 0;
    }

    /** "1 min → 10, 1 min → 30, ..." for the report. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (Stage stage : stages) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(stage.seconds() % 60 == 0 ? stage.seconds() / 60 + " min" : stage.seconds() + " s")
                    .append(" → ").append(stage.targetUsers());
        }
        return text.toString();
    }
}
