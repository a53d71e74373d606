package com.velure.catalog.product;

import com.velure.platform.web.InvalidInput;
import com.velure.platform.web.PageRequest;

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
public record ProductQuery(PageRequest paging, String category, List<String> searchWords, boolean searchGiven) {

    public static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_SEARCH_LENGTH = 100;
    static final int MAX_SEARCH_WORDS = 8;

    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    public ProductQuery {
        searchWords = List.copyOf(searchWords);
    }

    /**
     * Reads the raw query parameters (null when absent).
     *
     * @param pageSizeName the parameter name the client used for the page size, for messages
     * @throws InvalidInput naming each unusable parameter
     */
    public static ProductQuery parse(String page, String pageSize, String pageSizeName, String category, String q) {
        Map<String, String> problems = new LinkedHashMap<>();
        PageRequest paging = PageRequest.parse(blankIsInvalid(page), blankIsInvalid(pageSize), pageSizeName,
                DEFAULT_PAGE_SIZE, problems);
        String wantedCategory = category == null || category.isBlank() ? null : category.trim();
        if (wantedCategory != null && wantedCategory.length() > 100) {
            problems.put("category", "must be at most 100 characters");
        } else if (wantedCategory != null && wantedCategory.codePoints().anyMatch(Character::isISOControl)) {
            // no category has one, and PostgreSQL refuses a NUL in a query outright
            problems.put("category", "must not contain control characters");
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
        InvalidInput.throwIfAny("invalid query parameters", problems);
        return new ProductQuery(paging, wantedCategory, words, searched);
    }

    /**
     * The catalog's listings have always answered an empty {@code page=} or {@code limit=} with a
     * 400 (API.md: non-numbers), where the platform parser reads blank as absent: hand it a
     * non-number so the message is the platform's.
     */
    private static String blankIsInvalid(String raw) {
        return raw != null && raw.isBlank() ? "(blank)" : raw;
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
}
