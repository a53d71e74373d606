package com.velure.local;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the launcher reads --replicas and where each replica listens. */
class SettingsTest {

    @Test
    void replicasFromTheCommandLineWinOverTheEnvironmentAndDefaultToOne() {
        Settings settings = Settings.from(new String[]{"--replicas", "auth=3,order=2"}, Map.of("VELURE_REPLICAS", "catalog=4"));
        assertEquals(Map.of(Service.AUTH, 3, Service.CATALOG, 1, Service.ORDER, 2), settings.replicas());
        assertEquals(Map.of(Service.AUTH, 1, Service.CATALOG, 4, Service.ORDER, 1),
                Settings.from(new String[0], Map.of("VELURE_REPLICAS", "catalog=4")).replicas());
        assertEquals(2, Settings.from(new String[]{"--replicas=catalog=2"}, Map.of()).replicas().get(Service.CATALOG));
    }

    @Test
    void eachReplicaHasItsOwnPortAndTheInternalListenerFollowsTheIngress() {
        Settings settings = Settings.from(new String[0], Map.of("AUTH_PORT", "9081", "VELURE_PORT", "9080"));
        assertEquals(9081, settings.servicePort(Service.AUTH, 0));
        assertEquals(9281, settings.servicePort(Service.AUTH, 2));
        assertEquals(8182, settings.servicePort(Service.CATALOG, 1));
        assertEquals(9090, settings.internalPort());
    }

    @Test
    void badReplicaSpecificationsAreRefusedWithTheReason() {
        assertMessage("unknown service 'billing'", "billing=2");
        assertMessage("'auth=0' must be auth=N with N from 1 to 9", "auth=0");
        assertMessage("'auth=many' must be auth=N", "auth=many");
        assertMessage("'catalog' must be catalog=N", "catalog");
        assertThrows(IllegalArgumentException.class, () -> Settings.from(new String[]{"--replicas"}, Map.of()));
    }

    @Test
    void aRestartDelayIsOptInAndMustBeSeconds() {
        assertTrue(Settings.from(new String[0], Map.of()).restartAfter().isEmpty());
        assertEquals(Duration.ofSeconds(30), Settings.from(new String[0], Map.of("VELURE_RESTART_AFTER", "30")).restartAfter().orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> Settings.from(new String[0], Map.of("VELURE_RESTART_AFTER", "-1")).restartAfter());
        assertThrows(IllegalArgumentException.class, () -> Settings.from(new String[0], Map.of("VELURE_RESTART_AFTER", "soon")).restartAfter());
    }

    @Test
    void theIngressLimitsSignUpsUnlessToldOff() {
        assertTrue(Settings.from(new String[0], Map.of()).signUpLimit());
        assertTrue(Settings.from(new String[0], Map.of("VELURE_INGRESS_LIMIT", "adaptive")).signUpLimit());
        assertFalse(Settings.from(new String[0], Map.of("VELURE_INGRESS_LIMIT", "off")).signUpLimit());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(new String[0], Map.of("VELURE_INGRESS_LIMIT", "false")));
        assertTrue(refused.getMessage().contains("adaptive or off"), refused.getMessage());
    }

    @Test
    void theIngressRunsAtTheServicesPriorityUnlessToldToRunAbove() {
        assertEquals(0, Settings.from(new String[0], Map.of()).ingressNice());
        assertEquals(-10, Settings.from(new String[0], Map.of("VELURE_INGRESS_NICE", "-10")).ingressNice());
        assertEquals(-20, Settings.from(new String[0], Map.of("VELURE_INGRESS_NICE", " -20 ")).ingressNice());
        for (String bad : new String[]{"5", "-21", "high"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> Settings.from(new String[0], Map.of("VELURE_INGRESS_NICE", bad)));
            assertTrue(refused.getMessage().contains("from -20 to 0, not '" + bad + "'"), refused.getMessage());
        }
    }

    private static void assertMessage(String expected, String spec) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(new String[]{"--replicas", spec}, Map.of()));
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }
}
