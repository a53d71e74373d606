package com.velure.loadtest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadProfileTest {

    @Test
    void seedIsTheOriginalStages() {
        LoadProfile seed = LoadProfile.named("seed", LoadProfile.Options.defaults());

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
    void holdReachesItsUsersIn30SecondsAndHoldsThemNineMinutesByDefault() {
        LoadProfile hold = LoadProfile.named("hold", new LoadProfile.Options(50, 60, 0, null));

        assertEquals(List.of(new LoadProfile.Stage(30, 60), new LoadProfile.Stage(540, 60), new LoadProfile.Stage(10, 0)), hold.stages());
        assertEquals(180, LoadProfile.named("hold", new LoadProfile.Options(50, 150, 180, null)).stages().get(1).seconds());
        IllegalArgumentException noUsers = assertThrows(IllegalArgumentException.class,
                () -> LoadProfile.named("hold", LoadProfile.Options.defaults()));
        assertTrue(noUsers.getMessage().contains("--users"), noUsers.getMessage());
    }

    @Test
    void kneeIsTheNovemberRampTo1000ByDefault() {
        LoadProfile knee = LoadProfile.named("knee", LoadProfile.Options.defaults());

        // the stages the November knee runs used as a custom profile
        assertEquals(LoadProfile.custom("60:10,60:30,60:50,60:70,60:90,60:110,60:130,60:150,60:250,60:350,60:450,"
                + "60:550,60:650,60:750,60:850,60:950,60:1000,60:1000,60:0").stages(), knee.stages());
    }

    @Test
    void kneeWithFewerUsersRampsToThemAndHoldsThemPastTheKnee() {
        LoadProfile pastKnee = LoadProfile.named("knee", new LoadProfile.Options(50, 720, 180, null));

        assertEquals(List.of(10, 30, 50, 70, 90, 110, 130, 150, 250, 350, 450, 550, 650, 720, 720, 0),
                pastKnee.stages().stream().map(LoadProfile.Stage::targetUsers).toList());
        assertEquals(180, pastKnee.stages().get(14).seconds(), "held three minutes at 720");
        assertThrows(IllegalArgumentException.class, () -> LoadProfile.knee(100, 60), "the knee lies past the seed's ramp");
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
        LoadProfile custom = LoadProfile.named("custom", new LoadProfile.Options(50, 0, 0, "30:10, 60:10,10:0"));

        assertEquals(List.of(new LoadProfile.Stage(30, 10), new LoadProfile.Stage(60, 10), new LoadProfile.Stage(10, 0)), custom.stages());
        assertThrows(IllegalArgumentException.class, () -> LoadProfile.custom("30-10"));
        assertThrows(IllegalArgumentException.class, () -> LoadProfile.named("soak", LoadProfile.Options.defaults()));
    }
}
