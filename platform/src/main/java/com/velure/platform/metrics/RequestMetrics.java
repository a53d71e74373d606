package com.velure.platform.metrics;

import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

import java.lang.reflect.Method;
import java.time.Duration;

/**
 * Request count and latency per endpoint as one timer, {@code http_server_requests_seconds}, tagged
 * with the method, the path template (never the raw path, so ids do not explode the series) and
 * the status code. Payara Micro 6 publishes no per-endpoint REST metrics of its own.
 */
@Provider
@PreMatching // so that unmatched requests (404) are counted too
public class RequestMetrics implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String STARTED = RequestMetrics.class.getName() + ".started";
    private static final Metadata TIMER = Metadata.builder()
            .withName("http_server_requests")
            .withDescription("Requests served, by method, path template and status, with their latency")
            .withUnit(MetricUnits.NANOSECONDS) // what Timer records; the exporter converts to seconds
            .build();

    @Inject
    MetricRegistry registry;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object started = request.getProperty(STARTED);
        if (started == null) {
            return;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - (Long) started);
        registry.timer(TIMER,
                new Tag("method", request.getMethod()),
                new Tag("path", template()),
                new Tag("status", String.valueOf(response.getStatus()))).update(elapsed);
    }

    /** {@code /api/product/{id}} for a matched resource method, {@code unmatched} otherwise. */
    private String template() {
        Class<?> type = resource == null ? null : resource.getResourceClass();
        Method method = resource == null ? null : resource.getResourceMethod();
        if (type == null || method == null) {
            return "unmatched";
        }
        StringBuilder path = new StringBuilder();
        append(path, type.getAnnotation(Path.class));
        append(path, method.getAnnotation(Path.class));
        return path.length() == 0 ? "/" : path.toString();
    }

    private static void append(StringBuilder path, Path segment) {
        if (segment == null) {
            return;
        }
        String value = segment.value();
        if (!value.startsWith("/")) {
            path.append('/');
        }
        path.append(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    }
}
