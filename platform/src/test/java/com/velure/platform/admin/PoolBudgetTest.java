package com.velure.platform.admin;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolBudgetTest {

    private final PoolBudget budget = new PoolBudget(8, 10_000);

    @Test
    void aChangeWithinTheShareFits() {
        assertNull(budget.refusal("catalog", 8, 8, 10_000));
        assertNull(budget.refusal("catalog", 1, 0, 1));
    }

    @Test
    void moreThanTheShareIsRefusedWithTheReason() {
        String refusal = budget.refusal("catalog", 9, 2, 2000);
        assertTrue(refusal.contains("over catalog's share of the connection budget: 8 per instance"), refusal);
    }

    @Test
    void impossibleSizesAreRefused() {
        assertTrue(budget.refusal("catalog", 0, 0, 2000).contains("at least 1"));
        assertTrue(budget.refusal("catalog", 4, 5, 2000).contains("steady pool size"));
        assertTrue(budget.refusal("catalog", 4, -1, 2000).contains("steady pool size"));
    }

    @Test
    void aWaitOfZeroOrOverTheCeilingIsRefused() {
        assertTrue(budget.refusal("catalog", 4, 2, 0).contains("wait forever"));
        assertTrue(budget.refusal("catalog", 4, 2, 10_001).contains("between 1 and 10000 ms"));
    }
}
