package com.velure.loadtest.faults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The parts of the fault suite's judge that need no running stack. */
class FaultCheckTest {

    @Test
    void readsTheRunsCsvWithQuotedFields() {
        assertEquals(List.of("1", "register", "2100", "503", "false", "5", "", "service overloaded, retry later"),
                FaultCheck.split("1,register,2100,503,false,5,,\"service overloaded, retry later\""));
        assertEquals(List.of("say \"no\"", ""), FaultCheck.split("\"say \"\"no\"\"\","));
    }

    @Test
    void connectionPeaksLeaveTheInjectorOutAndCountThePoolsApart(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("pg_activity.csv");
        Files.writeString(csv, String.join("\n",
                "epoch_ms,application_name,connections,active,waiting_on_lock",
                "1,(total),20,1,0", "1,velure-auth,8,,", "1,velure-orders,8,,", "1,velure-loadtest-sampler,1,,", "1,velure-faults,3,,",
                "2,(total),25,1,0", "2,velure-auth,9,,", "2,velure-catalog,8,,", "2,velure-orders,7,,", "2,velure-loadtest-sampler,1,,",
                ""));
        // sample 1: 20 - 3 injector = 17 in all, 16 from pools; sample 2: 25 in all, 24 from pools
        assertArrayEquals(new int[]{25, 24}, FaultCheck.connectionPeaks(csv));
    }

    @Test
    void theShareOfAbnormalRequestsCountsFailuresAndSlowAnswersInTheWindow() {
        List<FaultCheck.Request> requests = List.of(
                new FaultCheck.Request(1_000, "register", 100, 201, true, "", "a@example.com", ""),
                new FaultCheck.Request(2_000, "login", 2_500, 200, true, "", "", ""),
                new FaultCheck.Request(3_000, "create-order", 50, 503, false, "1", "", "overloaded"),
                new FaultCheck.Request(4_000, "products", 10, 200, true, "", "", ""),
                new FaultCheck.Request(20_000, "products", 10, 503, false, "1", "", "overloaded"));
        assertEquals(0.5, FaultCheck.abnormalShare(requests, 0, 10_000));
        assertEquals(0.0, FaultCheck.abnormalShare(requests, 10_000, 20_000));
    }
}
