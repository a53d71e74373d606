package com.velure.loadtest.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServiceLogsTest {

    @Test
    void only53300sWrittenAfterTheMarkCountAndTheyAreDatedByTheirLogRecords(@TempDir Path logs) throws Exception {
        Path auth = logs.resolve("auth-2.log");
        Files.writeString(auth, "[2026-12-01T23:00:00.000+0000] [] [WARNING] [timeMillis: 1000] [levelValue: 900] database unavailable: FATAL: sorry, too many clients already\n");
        ServiceLogs serviceLogs = new ServiceLogs(logs);
        serviceLogs.mark();
        Files.writeString(auth, String.join("\n",
                "[2026-12-01T23:10:00.000+0000] [] [WARNING] [timeMillis: 5000] [levelValue: 900] [[",
                "  RAR5038:Unexpected exception while creating resource for pool auth-pool",
                "org.postgresql.util.PSQLException: FATAL: remaining connection slots are reserved for roles with the SUPERUSER attribute]]",
                "[2026-12-01T23:10:01.000+0000] [] [WARNING] [timeMillis: 6000] [levelValue: 900] [abc] database unavailable: SQLState 53300",
                "[2026-12-01T23:10:02.000+0000] [] [INFO] [timeMillis: 7000] [levelValue: 800] nothing to see", ""), StandardOpenOption.APPEND);

        ServiceLogs.TooManyConnections counted = serviceLogs.tooManyConnections().get("auth-2.log");

        assertEquals(new ServiceLogs.TooManyConnections(2, 1, 5000, 6000), counted);
    }
}
