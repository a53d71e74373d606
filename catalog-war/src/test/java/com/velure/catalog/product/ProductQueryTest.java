package com.velure.catalog.product;

import com.velure.platform.web.InvalidInput;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProductQueryTest {

    @Test
    void absentParametersMeanTheFirstPageOfTwenty() {
        ProductQuery query = ProductQuery.parse(null, null, "limit", null, null);
        assertEquals(1, query.paging().page());
        assertEquals(20, query.paging().pageSize());
        assertEquals(0, query.paging().offset());
        assertNull(query.category());
        assertEquals(Optional.empty(), query.prefixTsQuery());
        assertFalse(query.matchesNothing());
    }

    @Test
    void theOffsetSkipsWholePagesWithoutOverflow() {
        assertEquals(40, ProductQuery.parse("3", "20", "limit", null, null).paging().offset());
        assertEquals(99_999_900L, ProductQuery.parse("1000000", "100", "limit", null, null).paging().offset());
    }

    @Test
    void outOfRangeOrNonNumericPagingNamesTheParameterTheClientUsed() {
        for (String[] bad : new String[][]{{"0", "10"}, {"-1", "10"}, {"x", "10"}, {"1.0", "10"}, {"1000001", "10"}, {"", "10"}}) {
            var error = assertThrows(InvalidInput.class, () -> ProductQuery.parse(bad[0], bad[1], "pageSize", null, null));
            assertEquals(List.of("page"), List.copyOf(error.fields().keySet()));
        }
        for (String bad : new String[]{"0", "101", "ten", " "}) {
            var error = assertThrows(InvalidInput.class, () -> ProductQuery.parse("1", bad, "pageSize", null, null));
            assertEquals(List.of("pageSize"), List.copyOf(error.fields().keySet()));
        }
        assertEquals(100, ProductQuery.parse("1", "100", "limit", null, null).paging().pageSize());
    }

    @Test
    void searchBecomesWordPrefixesThatCannotCarryTsquerySyntax() {
        ProductQuery query = ProductQuery.parse(null, null, "limit", " Toys ", "Dog's  FOOD & bowl:*|!");
        assertEquals("Toys", query.category());
        assertEquals(Optional.of("dog:* & s:* & food:* & bowl:*"), query.prefixTsQuery());
        assertTrue(ProductQuery.parse(null, null, "limit", null, "&|!").matchesNothing());
        assertFalse(ProductQuery.parse(null, null, "limit", "  ", "  ").matchesNothing(), "blank means no filter");
        assertThrows(InvalidInput.class, () -> ProductQuery.parse(null, null, "limit", null, "a".repeat(101)));
    }

    @Test
    void aCategoryWithControlCharactersIsA400NotA500() {
        // A NUL reached the SQL and PostgreSQL's "invalid byte sequence" became a 500.
        for (String category : new String[]{"a\u0000b", "To\u0000ys", "Toys\nSEVERE: forged", "a\u0007b"}) {
            var error = assertThrows(InvalidInput.class, () -> ProductQuery.parse(null, null, "limit", category, null), category);
            assertEquals(List.of("category"), List.copyOf(error.fields().keySet()));
        }
        assertEquals("Bird Supplies", ProductQuery.parse(null, null, "limit", "Bird Supplies", null).category());
    }
}
