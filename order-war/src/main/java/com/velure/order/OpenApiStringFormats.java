package com.velure.order;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Payara's OpenAPI types a UUID or an Instant property as {@code object} even where its
 * {@code @Schema} gives a string format ({@code uuid}, {@code date-time}); JSON-B writes them as
 * strings, so a property with a format is a string. Registered as {@code mp.openapi.filter}.
 */
public class OpenApiStringFormats implements OASFilter {

    @Override
    public Schema filterSchema(Schema schema) {
        if (schema.getFormat() != null && schema.getType() == Schema.SchemaType.OBJECT) {
            schema.setType(Schema.SchemaType.STRING);
        }
        return schema;
    }
}
