package com.velure.console;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Adds {@link ConnectionsScript} to Hawtio's page, ahead of Hawtio's own (deferred) script, so the
 * connections are in place whenever the Connect tab reads them. Hawtio's own page stays as shipped.
 */
@WebFilter(urlPatterns = {"/", "/index.html"}, dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ERROR})
public class IndexScriptFilter extends HttpFilter {

    private static final String BEFORE = "<script defer";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Buffered buffered = new Buffered(response);
        chain.doFilter(request, buffered);
        byte[] body = buffered.body();
        String contentType = buffered.getContentType();
        if (contentType != null && contentType.startsWith("text/html")) {
            String page = new String(body, StandardCharsets.UTF_8);
            String script = "<script src=\"" + request.getContextPath() + ConnectionsScript.PATH + "\"></script>";
            int at = page.indexOf(BEFORE);
            if (at >= 0) {
                page = page.substring(0, at) + script + page.substring(at);
            }
            body = page.getBytes(StandardCharsets.UTF_8);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static final class Buffered extends HttpServletResponseWrapper {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private PrintWriter writer;

        Buffered(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return new ServletOutputStream() {
                @Override
                public void write(int b) {
                    bytes.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    bytes.write(b, off, len);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException("blocking only");
                }
            };
        }

        @Override
        public PrintWriter getWriter() {
            if (writer == null) {
                writer = new PrintWriter(bytes, false, StandardCharsets.UTF_8);
            }
            return writer;
        }

        @Override
        public void setContentLength(int length) {
            // the page grows; the real length is set once it is complete
        }

        @Override
        public void setContentLengthLong(long length) {
            // as above
        }

        byte[] body() {
            if (writer != null) {
                writer.flush();
            }
            return bytes.toByteArray();
        }
    }
}
