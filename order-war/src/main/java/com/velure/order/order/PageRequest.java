package com.velure.order.order;

import com.velure.platform.error.ApiError;
import jakarta.ws.rs.WebApplicationException;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code page} and {@code pageSize} query parameters: page ≥ 1 (default 1), pageSize 1–100 (default 10). */
public record PageRequest(int page, int pageSize) {

    public static final int DEFAULT_PAGE_SIZE = 10;
    public static final int MAX_PAGE_SIZE = 100;

    /** Parses the raw parameters; a 400 naming each bad one otherwise (never a 404 or 500 for "abc"). */
    public static PageRequest parse(String page, String pageSize, String requestId) {
        Map<String, String> problems = new LinkedHashMap<>();
        int parsedPage = number(page, 1, 1, Integer.MAX_VALUE, "page", "must be a whole number ≥ 1", problems);
        int parsedSize = number(pageSize, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, "pageSize",
                "must be a whole number from 1 to " + MAX_PAGE_SIZE, problems);
        if (!problems.isEmpty()) {
            throw new WebApplicationException(ApiError.invalid("invalid paging parameters", problems, requestId));
        }
        return new PageRequest(parsedPage, parsedSize);
    }

    private static int number(String raw, int fallback, int min, int max, String name, String rule, Map<String, String> problems) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        problems.put(name, rule);
        return fallback;
    }
}
