package com.velure.loadtest.report;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** What platform's ThrowableMapper logs when it answers a database failure with 503. */
    private static final String UNAVAILABLE_RESPONSE_LOG = "database unavailable:";

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

    /** Payara's log header carries the time of each record: {@code [timeMillis: 1796157790742]}. */
    private static final Pattern RECORD_TIME = Pattern.compile("\\[timeMillis: (\\d+)]");

    /**
     * One log's 53300 traces: every line that mentions it (the pool logs each connection it could
     * not open, often over several lines), the requests the service answered 503 because of it
     * (platform logs one "database unavailable" line per such request), and when the first and the
     * last of them were logged (epoch ms of their log records, -1 when none or unknown).
     */
    public record TooManyConnections(long lines, long failedRequests, long firstMillis, long lastMillis) {
    }

    /** Log file name → its 53300 traces written since {@link #mark()}. */
    public Map<String, TooManyConnections> tooManyConnections() {
        Map<String, TooManyConnections> counts = new TreeMap<>();
        for (Path log : logs()) {
            counts.put(log.getFileName().toString(), count(log, offsets.getOrDefault(log, 0L)));
        }
        return counts;
    }

    private TooManyConnections count(Path log, long from) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            file.seek(Math.min(from, file.length()));
            byte[] rest = new byte[(int) Math.min(Integer.MAX_VALUE - 8, file.length() - file.getFilePointer())];
            file.readFully(rest);
            long lines = 0;
            long requests = 0;
            long recordTime = -1;
            long first = -1;
            long last = -1;
            for (String line : (Iterable<String>) new String(rest, StandardCharsets.UTF_8).lines()::iterator) {
                Matcher time = RECORD_TIME.matcher(line);
                if (time.find()) {
                    recordTime = Long.parseLong(time.group(1));
                }
                if (mentionsTooManyConnections(line)) {
                    lines++;
                    requests += line.contains(UNAVAILABLE_RESPONSE_LOG) ? 1 : 0;
                    if (recordTime >= 0) {
                        first = first < 0 ? recordTime : Math.min(first, recordTime);
                        last = Math.max(last, recordTime);
                    }
                }
            }
            return new TooManyConnections(lines, requests, first, last);
        } catch (IOException e) {
            return new TooManyConnections(-1, -1, -1, -1);
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
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
