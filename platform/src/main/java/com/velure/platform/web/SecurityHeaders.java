package com.velure.platform.web;

import com.velure.platform.error.ApiError;
import com.velure.platform.request.RequestIds;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;

/**
 * The response headers every service answers with, for a JSON API that browsers may call: no MIME
 * sniffing, nothing stored by a cache unless a resource says otherwise (token and account
 * replies must never be), no framing, and CORS for the origins {@link CorsSettings} names.
 *
 * <p>A servlet filter rather than a JAX-RS one, so it also covers the container's own 401/403
 * (the ERROR dispatch) and answers a CORS preflight before authentication or resource matching.
 * Preflight follows the Fetch standard: an {@code OPTIONS} with {@code Origin} and
 * {@code Access-Control-Request-Method}; an allowed origin gets 204 with the methods and headers
 * the API uses, any other origin a 403 without {@code Access-Control-*} headers. An actual request
 * from an allowed origin gets {@code Access-Control-Allow-Origin} (bearer tokens are no browser
 * credentials, so never {@code Allow-Credentials}); from any other origin it is served without.
 */
@WebFilter(urlPatterns = "/*", dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR}, asyncSupported = true)
public class SecurityHeaders extends HttpFilter {

    static final String ALLOWED_METHODS = "GET, POST, PUT, DELETE";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, Last-Event-ID, X-Request-Id";
    /** Headers other than the CORS-safelisted ones that a browser script may read. */
    static final String EXPOSED_HEADERS = "Location, Retry-After, X-Request-Id";

    private CorsSettings cors;

    @Override
    public void init() {
        cors = CorsSettings.from(ConfigProvider.getConfig());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (!response.containsHeader("Cache-Control")) {
            response.setHeader("Cache-Control", "no-store"); // a resource may set its own
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            chain.doFilter(request, response);
            return;
        }
        response.addHeader("Vary", "Origin");
        boolean allowed = cors.allowedOrigins().contains(origin);
        boolean preflight = request.getDispatcherType() == DispatcherType.REQUEST && "OPTIONS".equals(request.getMethod())
                && request.getHeader("Access-Control-Request-Method") != null;
        if (preflight) {
            answerPreflight(request, response, origin, allowed);
            return;
        }
        if (allowed) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
        chain.doFilter(request, response);
    }

    private void answerPreflight(HttpServletRequest request, HttpServletResponse response, String origin, boolean allowed)
            throws IOException {
        String requestId = RequestIds.idFor(request.getHeader(RequestIds.HEADER));
        response.setHeader(RequestIds.HEADER, requestId);
        if (!allowed) {
            response.setStatus(403);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(ApiError.json(Response.Status.FORBIDDEN, "origin not allowed", requestId));
            return;
        }
        response.setStatus(204);
        response.addHeader("Vary", "Access-Control-Request-Method, Access-Control-Request-Headers");
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
        response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        response.setHeader("Access-Control-Max-Age", String.valueOf(cors.maxAgeSeconds()));
    }
}
