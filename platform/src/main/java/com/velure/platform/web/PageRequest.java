package com.velure.platform.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one reading of {@code page} and page-size query parameters for every paged endpoint: page
 * 1 to {@value #MAX_PAGE} (default 1), size 1 to {@value #MAX_PAGE_SIZE} (the endpoint's default
 * when absent). Raw strings go in, so "abc" or "-1" is a 400 naming the parameter as the client
 * spelled it, never a 404 or a 500.
 */
public record PageRequest(int page, int pageSize) {

    public static final int MAX_PAGE_SIZE = 100;
    /** Far beyond any real listing; keeps the offset arithmetic in range. */
    public static final int MAX_PAGE = 1_000_000;

    /**
     * @param sizeName the name the client used for the page size ({@code pageSize} or {@code limit})
     * @param defaultSize the endpoint's page size when none is given
     * @throws InvalidInput naming each unusable parameter
     */
    public static PageRequest parse(String page, String size, String sizeName, int defaultSize) {
        Map<String, String> problems = new LinkedHashMap<>();
        PageRequest request = parse(page, size, sizeName, defaultSize, problems);
        InvalidInput.throwIfAny("invalid paging parameters", problems);
        return request;
    }

    /** The same, adding problems to {@code problems} for an endpoint that checks more parameters. */
    public static PageRequest parse(String page, String size, String sizeName, int defaultSize, Map<String, String> problems) {
        return new PageRequest(wholeNumber(page, 1, MAX_PAGE, "page", problems),
                wholeNumber(size, defaultSize, MAX_PAGE_SIZE, sizeName, problems));
    }

    /** Rows to skip before this page. */
    public long offset() {
        return (long) (page - 1) * pageSize;
    }

    /** Pages needed for {@code total} rows, rounded up; 0 when there are none. */
    public long totalPages(long total) {
        return (total + pageSize - 1) / pageSize;
    }

    private static int wholeNumber(String raw, int absent, int max, String name, Map<String, String> problems) {
        if (raw == null || raw.isBlank()) {
            return absent;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= 1 && value <= max) {
                return (int) value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        problems.put(name, "must be a whole number from 1 to " + max);
        return absent;
    }
}
