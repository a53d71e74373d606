package com.velure.console;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.util.List;

/**
 * Hawtio 4.2 has no preset connections: its Connect tab keeps them in the browser's localStorage.
 * This script, loaded by every console page ({@link IndexScriptFilter}), puts one connection per
 * service instance there (ids prefixed {@code velure-}, replacing the previous set so that instances
 * that are gone disappear) before Hawtio starts. Hawtio reloads its page after a login, so serving
 * the list only to a logged-in session costs nothing. It holds no secret: the agents' credentials
 * are added on the server ({@link AgentProxyFilter}).
 */
@WebServlet(urlPatterns = ConnectionsScript.PATH)
public class ConnectionsScript extends HttpServlet {

    /** Under /js, which Hawtio passes through as a static resource instead of routing it to its page. */
    static final String PATH = "/js/velure-connections.js";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        List<Agent> agents = session == null || session.getAttribute("subject") == null
                ? List.of()
                : ConsoleSetup.agents(getServletContext());
        JsonArrayBuilder connections = Json.createArrayBuilder();
        for (Agent agent : agents) {
            connections.add(Json.createObjectBuilder()
                    .add("id", "velure-" + agent.name())
                    .add("name", agent.name())
                    .add("scheme", "http")
                    .add("host", agent.host())
                    .add("port", agent.port())
                    .add("path", "/jolokia/"));
        }
        response.setContentType("application/javascript");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("""
                (function () {
                  var key = 'connect.connections';
                  var all = JSON.parse(localStorage.getItem(key) || '{}');
                  Object.keys(all).forEach(function (id) { if (id.indexOf('velure-') === 0) { delete all[id]; } });
                  %s.forEach(function (c) { all[c.id] = c; });
                  localStorage.setItem(key, JSON.stringify(all));
                })();
                """.formatted(connections.build().toString()));
    }
}
