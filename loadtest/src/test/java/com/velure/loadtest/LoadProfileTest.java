package com.velure.loadtest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LoadProfileTest {

    @Test
    void seedIsTheOriginalStages() {
        LoadProfile seed = LoadProfile.named("seed", 50, null);

        assertEquals(List.of(10, 30, 50, 70, 90, 110, 130, 150, 150, 0),
                seed.stages().stream().map(LoadProfile.Stage::targetUsers).toList());
        assertEquals(11 * 60, seed.totalSeconds());
        assertEquals(120, seed.stages().get(8).seconds(), "two minutes at 150");
        assertEquals(150, seed.peakUsers());
    }

    @Test
    void stressContinuesTheSeedRampTo500() {
        LoadProfile stress = LoadProfile.stress(50);

        assertEquals(List.of(10, 30, 50, 70, 90, 110, 130, 150, 200, 250, 300, 350, 400, 450, 500, 500, 0),
                stress.stages().stream().map(LoadProfile.Stage::targetUsers).toList());
        assertEquals(500, LoadProfile.stress(20).peakUsers(), "a step that does not divide 350 still ends at 500");
    }

    @Test
    void targetUsersRampLinearlyWithinAStage() {
        LoadProfile seed = LoadProfile.seed();

        assertEquals(0, seed.targetUsersAt(0));
        assertEquals(5, seed.targetUsersAt(30), 1e-9);
        assertEquals(20, seed.targetUsersAt(90), 1e-9);
        assertEquals(150, seed.targetUsersAt(9 * 60));
        assertEquals(75, seed.targetUsersAt(10 * 60 + 30), 1e-9);
    }

    @Test
    void customStagesAreSecondsAndUsers() {
        LoadProfile custom = LoadProfile.named("custom", 50, "30:10, 60:10,10:0");

        assertEquals(List.of(new LoadProfile.Stage(30, 10), new LoadProfile.Stage(60, 10), new LoadProfile.Stage(10, 0)), custom.stages());
        assertThrows(IllegalArgumentException.class, () -> LoadProfile.custom("30-10"));
        assertThrows(IllegalArgumentException.class, () -> LoadProfile.named("soak", 50, null));
    }
}
