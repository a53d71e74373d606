package com.velure.auth.password;

import com.velure.platform.error.ContainerErrorPage;
import com.velure.platform.error.Overloaded;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Refuses a sign-up or sign-in that {@link HashingQueue} would refuse anyway before JAX-RS reads
 * it. At twice its capacity auth answers far more refusals than it serves, and clients whose
 * journey failed start again at once; a refusal that went through JAX-RS, CDI and JSON-B cost
 * about 2 ms of CPU, so they took the cores from the hashes (issue 15). Here it costs the servlet
 * container's error dispatch only, with the same JSON body, headers and {@code Retry-After}
 * (platform's {@link ContainerErrorPage} and security headers). A request this lets through still
 * meets the queue's own decision.
 */
@WebFilter(urlPatterns = {EarlyRefusal.SIGN_UP_PATH, EarlyRefusal.SIGN_IN_PATH}, asyncSupported = true)
public class EarlyRefusal extends HttpFilter {

    /** The routes that hash a password, each with its priority in the queue. */
    static final String SIGN_UP_PATH = "/api/auth/register";
    static final String SIGN_IN_PATH = "/api/auth/login";

    @Inject
    HashingQueue queue;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if ("POST".equals(request.getMethod())) {
            HashingQueue.Priority priority = request.getRequestURI().endsWith(SIGN_UP_PATH)
                    ? HashingQueue.Priority.SIGN_UP : HashingQueue.Priority.SIGN_IN;
            try {
                queue.refuseIfSaturated(priority);
            } catch (Overloaded refused) {
                ContainerErrorPage.sendUnavailable(request, response, "service overloaded, retry later", refused.retryAfterSeconds());
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
