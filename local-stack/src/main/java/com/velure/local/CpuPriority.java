package com.velure.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The ingress's place in the CPU queue of a host it shares with the services. Past the knee both
 * cores are busy with the services' work, and a refusal the ingress could answer at once waits
 * 50–300 ms for a core: with the ingress's threads at nice −10, 86–95 % of the refusals came within
 * 100 ms instead of 40–59 %, served requests unharmed (loadtest/README.md, "The door's CPU
 * priority"); at twice the capacity of production hashing, where refusals came at once anyway, it
 * cost 7–14 % of the journeys, so it is asked for ({@code VELURE_INGRESS_NICE}), not the default.
 * Asked, once everything else runs, the launcher raises every thread of its own JVM, which from
 * then on is the ingress, where the system allows it (root or {@code CAP_SYS_NICE}); a process
 * started afterwards (a restarted service) would inherit the raise from the thread that starts it,
 * so {@link #unraised} starts it back at the priority the launcher started with.
 *
 * <p>Linux's per-thread nice values, read from {@code /proc}, set with util-linux's {@code renice}
 * and coreutils' {@code nice}: the JDK has no call for either.
 */
final class CpuPriority {

    /** The nice value the launcher's threads had before {@link #raiseThisJvm}; unset before it ran. */
    private static volatile OptionalInt before = OptionalInt.empty();

    private CpuPriority() {
    }

    /**
     * Moves every thread of this JVM {@code levels} nice values up (negative: more CPU), threads
     * created meanwhile included, and logs what it achieved; a system that does not allow it leaves
     * the JVM where it was, which is logged too.
     */
    static void raiseThisJvm(int levels, Consumer<String> log) {
        if (levels == 0) {
            return; // not asked: nothing is read, so the launcher still runs where there is no /proc
        }
        int start = niceOfThisThread();
        int target = Math.max(-20, start + levels);
        if (target >= start) {
            return;
        }
        before = OptionalInt.of(start); // first, so a process started while the threads move already goes back
        try {
            // A thread started while the others move inherits its creator's old value: a few passes catch it.
            for (int pass = 0; pass < 3; pass++) {
                List<String> behind = threads().stream().filter(tid -> nice(tid).orElse(target) > target).toList();
                if (behind.isEmpty()) {
                    break;
                }
                List<String> command = new ArrayList<>(List.of("renice", "-n", String.valueOf(target), "-p"));
                command.addAll(behind);
                Process renice = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                renice.waitFor(); // its status is not the answer (a thread may end meanwhile): the values read back are
            }
        } catch (IOException e) {
            log.accept("ingress: stays at nice " + start + ", renice could not run (" + e.getMessage() + ")");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (niceOfThisThread() == target) {
            log.accept("ingress: its threads run at nice " + target + ", above the processes it started (" + start
                    + "), so that it answers while they keep the cores busy (VELURE_INGRESS_NICE=" + levels + ")");
        } else {
            log.accept("ingress: stays at nice " + start + ", the processes it started share the cores with it equally:"
                    + " raising it (VELURE_INGRESS_NICE=" + levels + ") needs root or CAP_SYS_NICE");
        }
    }

    /**
     * {@code command} as it must be started from the calling thread to run at the priority the
     * launcher started with: behind {@code nice -n N} when this thread was raised (lowering a
     * priority needs no permission), unchanged otherwise.
     */
    static List<String> unraised(List<String> command) {
        OptionalInt start = before;
        if (start.isEmpty()) {
            return command;
        }
        int levels = start.getAsInt() - niceOfThisThread();
        if (levels <= 0) {
            return command;
        }
        List<String> lowered = new ArrayList<>(List.of("nice", "-n", String.valueOf(levels)));
        lowered.addAll(command);
        return lowered;
    }

    /** The nice value of the calling thread. */
    static int niceOfThisThread() {
        try {
            return niceOf(Files.readString(Path.of("/proc/thread-self/stat")));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read this thread's priority from /proc", e);
        }
    }

    /**
     * The 19th field of a {@code /proc/.../stat} line; counted after the name in parentheses, which
     * may itself hold spaces and parentheses ({@code (XNIO-1 I/O-1)}).
     */
    static int niceOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[19 - 3]);
    }

    private static List<String> threads() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.map(task -> task.getFileName().toString()).toList();
        }
    }

    private static OptionalInt nice(String tid) {
        try {
            return OptionalInt.of(niceOf(Files.readString(Path.of("/proc/self/task", tid, "stat"))));
        } catch (NoSuchFileException ended) {
            return OptionalInt.empty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read thread " + tid + "'s priority from /proc", e);
        }
    }
}
