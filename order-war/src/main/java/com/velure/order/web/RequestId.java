package com.velure.order.web;

import com.velure.platform.request.RequestIds;
import jakarta.servlet.http.HttpServletRequest;

/** The id platform's {@link RequestIds} gave the current request, for error bodies built here. */
public final class RequestId {

    private RequestId() {
    }

    public static String of(HttpServletRequest request) {
        Object id = request == null ? null : request.getAttribute(RequestIds.PROPERTY);
        return id == null ? null : id.toString();
    }
}
