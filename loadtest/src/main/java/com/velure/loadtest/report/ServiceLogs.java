package com.velure.loadtest.report;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Counts what PostgreSQL's "too many connections" (SQLSTATE 53300) left in the local stack's
 * service logs during the run: the services log every database failure they answer with 503, and
 * the pool logs every connection it could not open. Only the part written after {@link #mark()}
 * is read.
 */
public final class ServiceLogs {

    /** How PostgreSQL words 53300 (all versions since 9.x), and the code itself. */
    private static final String[] TOO_MANY_CONNECTIONS = {
            "53300", "too many clients already", "remaining connection slots are reserved"};

    private final Path directory;
    private final Map<Path, Long> offsets = new TreeMap<>();

    public ServiceLogs(Path directory) {
        this.directory = directory;
    }

    /** Remembers where each log ends now. */
    public void mark() {
        offsets.clear();
        for (Path log : logs()) {
            try {
                offsets.put(log, Files.size(log));
            } catch (IOException ignored) {
                // a log that vanished has nothing to count
            }
        }
    }

    /** Log file name → lines written since {@link #mark()} that mention 53300. */
    public Map<String, Long> tooManyConnectionLines() {
        Map<String, Long> counts = new TreeMap<>();
        for (Path log : logs()) {
            counts.put(log.getFileName().toString(), count(log, offsets.getOrDefault(log, 0L)));
        }
        return counts;
    }

    private long count(Path log, long from) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            file.seek(Math.min(from, file.length()));
            byte[] rest = new byte[(int) Math.min(Integer.MAX_VALUE - 8, file.length() - file.getFilePointer())];
            file.readFully(rest);
            return new String(rest, StandardCharsets.UTF_8).lines().filter(ServiceLogs::mentionsTooManyConnections).count();
        } catch (IOException e) {
            return -1;
        }
    }

    static boolean mentionsTooManyConnections(String line) {
        String lower = line.toLowerCase(Locale.ROOT);
        for (String marker : TOO_MANY_CONNECTIONS) {
            if (lower.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    private Iterable<Path> logs() {
        if (!Files.isDirectory(directory)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            return java.util.List.of();
        }
    }
}
