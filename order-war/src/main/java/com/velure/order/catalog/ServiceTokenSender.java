package com.velure.order.catalog;

import com.velure.catalog.api.InternalCatalogApi;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientRequestContext;

/** Adds the shared service token to every outgoing call to the catalog's internal API. */
final class ServiceTokenSender implements ClientRequestFilter {

    private final String token;

    ServiceTokenSender(String token) {
        this.token = token;
    }

    @Override
    public void filter(ClientRequestContext request) {
        request.getHeaders().putSingle(InternalCatalogApi.SERVICE_TOKEN_HEADER, token);
    }
}
