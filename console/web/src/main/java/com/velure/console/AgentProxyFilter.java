package com.velure.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Runs after Hawtio's own authentication filter on its proxy to the agents: it replaces whatever
 * Authorization the browser sent with the agents' credentials, which stay on the server, and names
 * the logged-in administrator for the agent ({@code X-Velure-Admin}), so a pool change is logged
 * with who made it. A request without a console login, or to anything but a listed agent, never
 * leaves the console.
 */
@WebFilter(urlPatterns = "/proxy/*")
public class AgentProxyFilter extends HttpFilter {

    private static final String ADMIN_HEADER = "X-Velure-Admin";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpSession session = request.getSession(false);
        Object user = session == null ? null : session.getAttribute("user");
        if (user == null) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        if (!toListedAgent(request.getPathInfo())) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "not an agent of this console");
            return;
        }
        String authorization = (String) getServletContext().getAttribute(ConsoleSetup.AGENT_AUTHORIZATION);
        chain.doFilter(new WithAgentCredentials(request, authorization, user.toString()), response);
    }

    /** Hawtio's proxy paths are {@code /http/<host>/<port>/jolokia/...} (the scheme may be left out). */
    private boolean toListedAgent(String path) {
        if (path == null) {
            return false;
        }
        String[] parts = path.replaceFirst("^/", "").split("/");
        int at = parts.length > 0 && parts[0].matches("https?") ? 1 : 0;
        if (parts.length < at + 2 || !parts[at + 1].matches("\\d{1,5}")) {
            return false;
        }
        String host = parts[at];
        int port = Integer.parseInt(parts[at + 1]);
        return ConsoleSetup.agents(getServletContext()).stream().anyMatch(agent -> agent.isAt(host, port));
    }

    private static final class WithAgentCredentials extends HttpServletRequestWrapper {

        private final String authorization;
        private final String admin;

        WithAgentCredentials(HttpServletRequest request, String authorization, String admin) {
            super(request);
            this.authorization = authorization;
            this.admin = admin;
        }

        @Override
        public String getHeader(String name) {
            if ("Authorization".equalsIgnoreCase(name)) {
                return authorization;
            }
            if (ADMIN_HEADER.equalsIgnoreCase(name)) {
                return admin;
            }
            return super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            String replaced = "Authorization".equalsIgnoreCase(name) || ADMIN_HEADER.equalsIgnoreCase(name) ? getHeader(name) : null;
            return replaced != null ? Collections.enumeration(Set.of(replaced)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            Set<String> names = new LinkedHashSet<>();
            for (Enumeration<String> all = super.getHeaderNames(); all.hasMoreElements(); ) {
                String name = all.nextElement();
                if (!"Authorization".equalsIgnoreCase(name) && !ADMIN_HEADER.equalsIgnoreCase(name)) {
                    names.add(name);
                }
            }
            names.add("Authorization");
            names.add(ADMIN_HEADER);
            return Collections.enumeration(names);
        }
    }
}
