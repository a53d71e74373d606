package com.velure.order.placement.rest;

import com.velure.order.placement.InvalidOrderException;
import com.velure.order.web.RequestId;
import com.velure.platform.error.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An order that cannot be accepted: 400 with the message and each offending field, e.g. {@code items[2].quantity}. */
@Provider
public class InvalidOrderMapper implements ExceptionMapper<InvalidOrderException> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(InvalidOrderException error) {
        return ApiError.invalid(error.getMessage(), error.fields(), RequestId.of(request));
    }
}
