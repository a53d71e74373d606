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

    /** {@code seed}, {@code smoke}, {@code stress} (continuing by {@code stressStep}) or {@code custom} ({@code customStages}). */
    public static LoadProfile named(String name, int stressStep, String customStages) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "seed" -> seed();
            case "smoke" -> smoke();
            case "stress" -> stress(stressStep);
            case "custom" -> custom(customStages == null ? "" : customStages);
            default -> throw new IllegalArgumentException("unknown load profile '" + name + "': use seed, smoke, stress or custom");
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
