package com.velure.auth.account.rest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The address of the client behind a request. A request from a private or loopback peer (the
 * ingress, a load balancer in the cluster network) is taken to come through our own proxy, which
 * appends the real client to {@code X-Forwarded-For}; its last entry is used. A public peer
 * talks to us directly and its header is ignored, so it cannot pick its own address.
 */
public final class ClientAddress {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private ClientAddress() {
    }

    public static String of(String peer, String forwardedFor) {
        if (forwardedFor == null || forwardedFor.isBlank() || !isInternal(peer)) {
            return peer;
        }
        String last = forwardedFor.substring(forwardedFor.lastIndexOf(',') + 1).strip();
        return IP_LITERAL.matcher(last).matches() ? last : peer;
    }

    static boolean isInternal(String peer) {
        if (peer == null || !IP_LITERAL.matcher(peer).matches()) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(peer); // a literal: no lookup
            byte[] bytes = address.getAddress();
            boolean uniqueLocalV6 = bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
            return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress() || uniqueLocalV6;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
