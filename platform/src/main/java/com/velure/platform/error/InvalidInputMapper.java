package com.velure.platform.error;

import com.velure.platform.request.RequestIds;
import com.velure.platform.web.InvalidInput;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** {@link InvalidInput} becomes a 400 that names each offending field. */
@Provider
public class InvalidInputMapper implements ExceptionMapper<InvalidInput> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(InvalidInput error) {
        return ApiError.invalid(error.getMessage(), error.fields(), RequestIds.of(request));
    }
}
