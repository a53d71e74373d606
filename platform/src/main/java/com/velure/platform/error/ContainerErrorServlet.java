package com.velure.platform.error;

import com.velure.platform.request.RequestIds;
import jakarta.json.Json;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;

import java.io.IOException;

/**
 * The error page (see META-INF/web-fragment.xml) for 401 and 403 that the container answers
 * itself, e.g. MP-JWT rejecting a Bearer token: the same JSON body as every other error, with the
 * request id the client sent when it is sane, a new one otherwise.
 */
@WebServlet("/velure-container-error")
public class ContainerErrorServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer number ? number : HttpServletResponse.SC_NOT_FOUND;
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String requestId = RequestIds.idFor(request.getHeader(RequestIds.HEADER));
        String message = switch (status) {
            case 401 -> "missing, invalid or expired token";
            case 403 -> "forbidden";
            default -> "not found";
        };
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader(RequestIds.HEADER, requestId);
        response.getWriter().write(Json.createObjectBuilder()
                .add("error", message)
                .add("status", status)
                .add("title", type == null ? "" : type.getReasonPhrase())
                .add("requestId", requestId)
                .build()
                .toString());
    }
}
