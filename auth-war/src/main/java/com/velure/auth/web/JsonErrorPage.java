package com.velure.auth.web;

import com.velure.platform.error.ApiError;
import com.velure.platform.request.RequestIds;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.util.UUID;

/**
 * The API's JSON error body for errors the container answers before JAX-RS runs, such as the 401
 * of MicroProfile JWT for a bad bearer token; web.xml routes them here instead of to Payara's
 * HTML error page.
 */
@WebServlet(JsonErrorPage.PATH)
public class JsonErrorPage extends HttpServlet {

    static final String PATH = "/error/json";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        Object id = request.getAttribute(RequestIds.PROPERTY);
        String requestId = id != null ? id.toString() : UUID.randomUUID().toString();
        String message = switch (status) {
            case 401 -> "authentication required: send a valid bearer token";
            case 403 -> "forbidden";
            default -> "error";
        };
        Response.StatusType type = Response.Status.fromStatusCode(status);
        Object body = ApiError.of(type != null ? type : Response.Status.INTERNAL_SERVER_ERROR, message, requestId).getEntity();
        response.setStatus(status);
        response.setHeader(RequestIds.HEADER, requestId);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body.toString());
    }
}
