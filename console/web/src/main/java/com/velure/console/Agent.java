package com.velure.console;

import java.util.ArrayList;
import java.util.List;

/**
 * One service instance's Jolokia agent, as the launcher (or a deployment) lists them in
 * {@code VELURE_CONSOLE_AGENTS}: {@code name=host:port} separated by commas, e.g.
 * {@code auth=127.0.0.1:8770,catalog=127.0.0.1:8771}.
 */
record Agent(String name, String host, int port) {

    static List<Agent> parse(String list) {
        List<Agent> agents = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return agents;
        }
        for (String entry : list.split(",")) {
            String[] nameAndAddress = entry.strip().split("=", 2);
            int colon = nameAndAddress.length == 2 ? nameAndAddress[1].lastIndexOf(':') : -1;
            if (colon < 1 || !nameAndAddress[0].matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("VELURE_CONSOLE_AGENTS: expected name=host:port, got '" + entry + "'");
            }
            agents.add(new Agent(nameAndAddress[0], nameAndAddress[1].substring(0, colon),
                    Integer.parseInt(nameAndAddress[1].substring(colon + 1))));
        }
        return agents;
    }
}
