package com.velure.console;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One service instance's Jolokia agent. {@code VELURE_CONSOLE_AGENTS} lists them as
 * {@code name=host:port} separated by commas (the local launcher names every instance it starts),
 * or as {@code name=dns:host:port}: one agent per address the name resolves to, named
 * {@code name-<address>}, which is how a headless Kubernetes Service or a scaled compose service
 * lists its replicas. Names are resolved again whenever the list is read, so replicas that come and
 * go show up on the console's next page load.
 */
record Agent(String name, String host, int port) {

    private static final String DNS = "dns:";

    static List<Agent> resolve(String list) {
        List<Agent> agents = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return agents;
        }
        for (String entry : list.split(",")) {
            String[] nameAndAddress = entry.strip().split("=", 2);
            int colon = nameAndAddress.length == 2 ? nameAndAddress[1].lastIndexOf(':') : -1;
            if (colon < 1 || !nameAndAddress[0].matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("VELURE_CONSOLE_AGENTS: expected name=host:port or name=dns:host:port, got '" + entry + "'");
            }
            String name = nameAndAddress[0];
            String host = nameAndAddress[1].substring(0, colon);
            int port = Integer.parseInt(nameAndAddress[1].substring(colon + 1));
            if (host.startsWith(DNS)) {
                for (String address : addresses(host.substring(DNS.length()))) {
                    agents.add(new Agent(name + "-" + address, address, port));
                }
            } else {
                agents.add(new Agent(name, host, port));
            }
        }
        return agents;
    }

    /** Whether any entry is resolved through DNS, so its addresses are not known in advance. */
    static boolean dynamic(String list) {
        return list != null && list.contains("=" + DNS);
    }

    private static List<String> addresses(String host) {
        try {
            return Arrays.stream(InetAddress.getAllByName(host)).map(InetAddress::getHostAddress)
                    .sorted(Comparator.naturalOrder()).distinct().toList();
        } catch (UnknownHostException none) {
            return List.of(); // no ready replica right now
        }
    }

    boolean isAt(String otherHost, int otherPort) {
        return host.equalsIgnoreCase(otherHost) && port == otherPort;
    }
}
