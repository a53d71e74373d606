package com.velure.platform.error;

import com.velure.platform.request.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.Map;
import java.util.TreeMap;

/**
 * Bean Validation failures on resource parameters become a 400 that names each field, e.g.
 * {@code "fields": {"email": "must be a well-formed email address"}}.
 */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(ConstraintViolationException error) {
        Map<String, String> fields = new TreeMap<>();
        for (ConstraintViolation<?> violation : error.getConstraintViolations()) {
            fields.merge(fieldName(violation.getPropertyPath()), violation.getMessage(), (a, b) -> a + "; " + b);
        }
        Object id = request == null ? null : request.getAttribute(RequestIds.PROPERTY);
        return ApiError.invalid("invalid input", fields, id == null ? null : id.toString());
    }

    /**
     * The last named node of the path: the field or parameter name a client knows, not the Java
     * method, and for an element of a list the list ({@code images}, not {@code <list element>}).
     */
    static String fieldName(Path path) {
        String name = null;
        for (Path.Node node : path) {
            if (node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                name = node.getName();
            }
        }
        return name == null ? "request" : name;
    }
}
