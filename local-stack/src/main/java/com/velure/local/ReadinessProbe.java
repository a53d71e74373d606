package com.velure.local;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;

/**
 * One readiness check over a fresh HTTP/1.1 connection with a connect and a read timeout, for the
 * launcher (boot) and the ingress (rotation). Not the JDK HttpClient: its request timeout ends once
 * the response headers have arrived, so a body that never comes held a probe (and with it the
 * stack's start) for minutes; it also offers an h2c upgrade and reuses pooled connections, neither
 * of which a probe needs. Here every blocking step has a timeout, only the status is read, and the
 * connection is closed afterwards, so a check ends within the connect plus the read timeout
 * whatever the server does.
 */
final class ReadinessProbe {

    private ReadinessProbe() {
    }

    /** True when {@code uri} answers 200; false when it answers otherwise, not at all, or too slowly. */
    static boolean answers200(URI uri, Duration timeout) {
        int millis = (int) Math.max(1, timeout.toMillis());
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout(millis);
            connection.setReadTimeout(millis);
            connection.setUseCaches(false);
            connection.setRequestProperty("Connection", "close");
            return connection.getResponseCode() == 200;
        } catch (IOException down) {
            return false;
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}
