package com.velure.catalog.product;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A validated listing request: which page of how many products, optionally of one category
 * (case-insensitive) and whose name has words starting with each search word.
 *
 * @param category the category to keep, or null for all
 * @param searchWords lower-case words of letters and digits that must each start a word of the
 *                    name; empty for no search
 * @param searchGiven whether the client searched at all (a search of only punctuation matches nothing)
 */
public record ProductQuery(int page, int pageSize, String category, List<String> searchWords, boolean searchGiven) {

    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 100;
    /** Far beyond any real catalog; only keeps the offset arithmetic in range. */
    public static final int MAX_PAGE = 1_000_000;
    static final int MAX_SEARCH_LENGTH = 100;
    static final int MAX_SEARCH_WORDS = 8;

    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    public ProductQuery {
        searchWords = List.copyOf(searchWords);
    }

    /**
     * Reads the raw query parameters (null when absent) or lists what is wrong with them.
     *
     * @param pageSizeName the parameter name the client used for the page size, for messages
     */
    public static ProductQuery parse(String page, String pageSize, String pageSizeName, String category, String q) {
        Map<String, String> problems = new LinkedHashMap<>();
        int pageNumber = wholeNumber(page, 1, 1, MAX_PAGE, "page", problems);
        int size = wholeNumber(pageSize, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, pageSizeName, problems);
        String wantedCategory = category == null || category.isBlank() ? null : category.trim();
        if (wantedCategory != null && wantedCategory.length() > 100) {
            problems.put("category", "must be at most 100 characters");
        }
        List<String> words = new ArrayList<>();
        boolean searched = q != null && !q.isBlank();
        if (searched && q.length() > MAX_SEARCH_LENGTH) {
            problems.put("q", "must be at most " + MAX_SEARCH_LENGTH + " characters");
        } else if (searched) {
            for (String word : NOT_WORD.split(q.toLowerCase(Locale.ROOT))) {
                if (!word.isEmpty() && words.size() < MAX_SEARCH_WORDS) {
                    words.add(word);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidQuery(problems);
        }
        return new ProductQuery(pageNumber, size, wantedCategory, words, searched);
    }

    /** Rows to skip before this page. */
    public long offset() {
        return (long) (page - 1) * pageSize;
    }

    /** True when the search cannot match anything (it had no letters or digits). */
    public boolean matchesNothing() {
        return searchGiven && searchWords.isEmpty();
    }

    /** The search as a PostgreSQL tsquery of word prefixes ({@code dog:* & food:*}), if any. */
    public Optional<String> prefixTsQuery() {
        // Words hold only letters and digits, so they cannot carry tsquery syntax.
        return searchWords.isEmpty() ? Optional.empty()
                : Optional.of(String.join(" & ", searchWords.stream().map(word -> word + ":*").toList()));
    }

    private static int wholeNumber(String raw, int absent, int min, int max, String name, Map<String, String> problems) {
        if (raw == null) {
            return absent;
        }
        String message = "must be a whole number from " + min + " to " + max;
        try {
            long value = Long.parseLong(raw.trim());
            if (value < min || value > max) {
                problems.put(name, message);
                return absent;
            }
            return (int) value;
        } catch (NumberFormatException e) {
            problems.put(name, message);
            return absent;
        }
    }

    /** The listing parameters were not usable; {@code fields} names each one and what is wrong. */
    public static final class InvalidQuery extends RuntimeException {
        private final Map<String, String> fields;

        InvalidQuery(Map<String, String> fields) {
            super("invalid paging or filter: " + fields);
            this.fields = Map.copyOf(fields);
        }

        public Map<String, String> fields() {
            return fields;
        }
    }
}
