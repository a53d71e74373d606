package com.velure.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reading a thread's nice value from /proc, which any user can lower for its own thread; raising
 * it needs privileges and is proven by the fleet's integration test when it runs as root.
 */
class CpuPriorityTest {

    @Test
    void theNiceValueIsTheNineteenthFieldEvenAfterANameWithSpacesAndParentheses() {
        String stat = "4242 (XNIO-1 I/O-1 (x)) S 1 4242 4242 0 -1 4194368 90 0 0 0 12 3 0 0 10 -10 40 0 123 0 0";
        assertEquals(-10, CpuPriority.niceOf(stat));
    }

    @Test
    void aThreadReadsItsOwnNiceValueAsTheSystemSetsIt() throws Throwable {
        AtomicReference<int[]> readings = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // Its own thread, lowered: the test's other threads keep their priority.
        Thread thread = new Thread(() -> {
            try {
                int lowered = Math.min(19, CpuPriority.niceOfThisThread() + 3);
                String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
                Process renice = new ProcessBuilder("renice", "-n", String.valueOf(lowered), "-p", tid).start();
                readings.set(new int[]{renice.waitFor(), lowered, CpuPriority.niceOfThisThread()});
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        assertEquals(0, readings.get()[0], "renice's exit status");
        assertEquals(readings.get()[1], readings.get()[2], "the value read back is the one renice set");
    }

    @Test
    void aCommandStartsUnchangedWhileNothingWasRaised() {
        assertEquals(List.of("java", "-jar", "x.jar"), CpuPriority.unraised(List.of("java", "-jar", "x.jar")));
    }
}
