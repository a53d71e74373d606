package com.velure.platform.openapi;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Mends what Payara's OpenAPI generator gets wrong in every service's {@code /openapi}: it types a
 * property as {@code object} where JSON-B writes a string, namely an enum (it keeps the values) and
 * a UUID or an Instant (it keeps the format, {@code uuid} or {@code date-time}). Registered for
 * every WAR by this jar's {@code META-INF/microprofile-config.properties}.
 */
public class PayaraSchemaFixes implements OASFilter {

    @Override
    public Schema filterSchema(Schema schema) {
        boolean stringLike = schema.getFormat() != null
                || (schema.getEnumeration() != null && !schema.getEnumeration().isEmpty());
        if (stringLike && schema.getType() == Schema.SchemaType.OBJECT) {
            schema.setType(Schema.SchemaType.STRING);
        }
        return schema;
    }
}
