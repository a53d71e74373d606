package com.velure.loadtest.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The machine a run was measured on, and whether it had neighbours: a figure measured while other
 * Payara Micro JVMs (another stack, another build's tests) shared the CPUs is not a valid figure.
 *
 * @param otherJvms Payara Micro processes running at the start that do not belong to the run's stack
 */
public record Machine(int cores, long memoryBytes, String cpuModel, String os, String javaVersion, double loadAverage,
                      List<String> otherJvms) {

    /** The machine now; processes whose command line mentions {@code ownHome} are the run's own. */
    public static Machine describe(Optional<Path> ownHome) {
        String home = ownHome.map(p -> p.toAbsolutePath().normalize().toString()).orElse(null);
        List<String> others;
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            others = all.filter(p -> p.pid() != ProcessHandle.current().pid())
                    .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                    .filter(c -> c.contains("payara-micro") && (home == null || !c.contains(home)))
                    .map(c -> c.length() > 160 ? c.substring(0, 160) + "…" : c)
                    .toList();
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), totalMemory(), readCpuModel(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), others);
    }

    private static long totalMemory() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize();
        }
        return -1;
    }

    private static String readCpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
