package com.velure.order.catalog;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

/** Presents the shared service token on every call to the catalog's internal API. */
final class ServiceTokenFilter implements ClientRequestFilter {

    static final String HEADER = "X-Service-Token";

    private final String token;

    ServiceTokenFilter(String token) {
        this.token = token;
    }

    @Override
    public void filter(ClientRequestContext request) {
        request.getHeaders().putSingle(HEADER, token);
    }
}
