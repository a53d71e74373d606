package com.velure.catalog;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Corrects /openapi where Payara types a property of an enum type (the internal API's reservation
 * {@code status}) as an object: it keeps the enum's values, and those are strings. Registered with
 * {@code mp.openapi.filter}.
 */
public class EnumsAsStrings implements OASFilter {

    @Override
    public Schema filterSchema(Schema schema) {
        if (schema.getEnumeration() != null && !schema.getEnumeration().isEmpty()
                && schema.getType() == Schema.SchemaType.OBJECT) {
            schema.setType(Schema.SchemaType.STRING);
        }
        return schema;
    }
}
