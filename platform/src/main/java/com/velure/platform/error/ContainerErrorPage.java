package com.velure.platform.error;

import com.velure.platform.request.RequestIds;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;

import java.io.IOException;

/**
 * The API's JSON error body for errors the container sends before JAX-RS runs (a malformed
 * Content-Type, a request it cannot parse), which would otherwise be Payara's HTML error page.
 * Mapped as the error page by this jar's META-INF/web-fragment.xml,
 * so every WAR that includes platform gets it.
 */
@WebServlet(ContainerErrorPage.PATH)
public class ContainerErrorPage extends HttpServlet {

    static final String PATH = "/velure/container-error";
    /** A message for the body that code of ours chose when it sent the error (the container's own are not shown). */
    private static final String MESSAGE = ContainerErrorPage.class.getName() + ".message";
    /** The container's own 503 (an application still starting or stopping): back within seconds. */
    private static final int RETRY_AFTER_SECONDS = 1;

    /**
     * A 503 with Retry-After sent through the container's error dispatch, so a servlet filter can
     * refuse a request before JAX-RS runs and still answer with the API's body and headers.
     */
    public static void sendUnavailable(HttpServletRequest request, HttpServletResponse response, String message,
                                       int retryAfterSeconds) throws IOException {
        request.setAttribute(MESSAGE, message);
        response.setHeader("Retry-After", String.valueOf(retryAfterSeconds));
        response.sendError(503);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Response.StatusType status = code instanceof Integer value && Response.Status.fromStatusCode(value) != null
                ? Response.Status.fromStatusCode(value) : Response.Status.INTERNAL_SERVER_ERROR;
        String message = request.getAttribute(MESSAGE) instanceof String chosen ? chosen : switch (status.getStatusCode()) {
            case 401 -> "missing, invalid or expired access token";
            case 403 -> "forbidden";
            case 503 -> "service unavailable, retry later";
            default -> status.getReasonPhrase().toLowerCase();
        };
        if (status.getStatusCode() == 503 && !response.containsHeader("Retry-After")) {
            response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        }
        String requestId = RequestIds.idFor(request.getHeader(RequestIds.HEADER));
        response.setStatus(status.getStatusCode());
        response.setHeader(RequestIds.HEADER, requestId);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(ApiError.json(status, message, requestId));
    }
}
