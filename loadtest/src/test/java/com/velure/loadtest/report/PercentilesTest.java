package com.velure.loadtest.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PercentilesTest {

    @Test
    void nearestRank() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i; // unsorted on purpose
        }
        Percentiles p = new Percentiles(values);

        assertEquals(50, p.at(50));
        assertEquals(95, p.at(95));
        assertEquals(99, p.at(99));
        assertEquals(100, p.max());
        assertEquals(50.5, p.mean(), 1e-9);
        assertEquals(7, new Percentiles(new long[]{7}).at(95));
        assertEquals(-1, new Percentiles(new long[0]).at(95));
    }

    @Test
    void tooManyConnectionsIsRecognisedInEveryWording() {
        assertTrue(ServiceLogs.mentionsTooManyConnections("FATAL: sorry, too many clients already"));
        assertTrue(ServiceLogs.mentionsTooManyConnections("FATAL: remaining connection slots are reserved for roles with the SUPERUSER attribute"));
        assertTrue(ServiceLogs.mentionsTooManyConnections("SQLState: 53300"));
        assertFalse(ServiceLogs.mentionsTooManyConnections("service overloaded, retry later"));
    }
}
