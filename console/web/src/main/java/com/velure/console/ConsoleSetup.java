package com.velure.console;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads the console's settings from the environment and wires them into Hawtio:
 * <ul>
 * <li>{@code VELURE_CONSOLE_AUTH_URL}: auth-war's base URL, for the JAAS login (realm {@value #REALM});</li>
 * <li>{@code VELURE_CONSOLE_AGENTS}: the agents to offer as connections (see {@link Agent});</li>
 * <li>{@code VELURE_CONSOLE_AGENT_CONFIG}: the agents' own config file (user, password), generated
 * per installation, so the console can authenticate to them.</li>
 * </ul>
 * Payara points {@code java.security.auth.login.config} at its own file, so the realm is added to
 * the JVM's JAAS configuration in code; everything else is left to Payara's file.
 */
@WebListener
public class ConsoleSetup implements ServletContextListener {

    /** Must match {@code hawtio.realm} in console/console.asadmin. */
    static final String REALM = "velure";
    static final String AGENTS = ConsoleSetup.class.getName() + ".agents";
    private static final String LIST = "VELURE_CONSOLE_AGENTS";
    static final String AGENT_AUTHORIZATION = ConsoleSetup.class.getName() + ".agentAuthorization";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        String authUrl = required("VELURE_CONSOLE_AUTH_URL").replaceAll("/+$", "");
        String list = System.getenv(LIST);
        List<Agent> agents = Agent.resolve(list); // fails at start on a malformed list
        context.setAttribute(AGENTS, (Supplier<List<Agent>>) () -> Agent.resolve(list));
        context.setAttribute(AGENT_AUTHORIZATION, agentAuthorization(Path.of(required("VELURE_CONSOLE_AGENT_CONFIG"))));
        // Hawtio's proxy reads its allowlist when it starts, after this listener. Addresses found
        // through DNS are not known yet; AgentProxyFilter admits exactly the listed agents anyway.
        System.setProperty("hawtio.proxyAllowlist", Agent.dynamic(list)
                ? "*"
                : agents.stream().map(Agent::host).distinct().collect(Collectors.joining(",")));
        Configuration.setConfiguration(new WithRealm(Configuration.getConfiguration(), authUrl));
        context.log("Velure console: login via " + authUrl + ", agents " + agents);
    }

    /** The agents as listed now (names in the list are resolved again). */
    @SuppressWarnings("unchecked")
    static List<Agent> agents(ServletContext context) {
        return ((Supplier<List<Agent>>) context.getAttribute(AGENTS)).get();
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set (see README, 'Server console')");
        }
        return value;
    }

    private static String agentAuthorization(Path config) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(config)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the agent credentials " + config + ": " + e.getMessage());
        }
        String credentials = properties.getProperty("user") + ":" + properties.getProperty("password");
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** The JVM's JAAS configuration plus the console's realm. */
    private static final class WithRealm extends Configuration {

        private final Configuration others;
        private final AppConfigurationEntry[] realm;

        WithRealm(Configuration others, String authUrl) {
            this.others = others;
            this.realm = new AppConfigurationEntry[]{new AppConfigurationEntry(AdminLoginModule.class.getName(),
                    AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of(AdminLoginModule.AUTH_URL, authUrl))};
        }

        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            return REALM.equals(name) ? realm.clone() : others == null ? null : others.getAppConfigurationEntry(name);
        }

        @Override
        public void refresh() {
            if (others != null) {
                others.refresh();
            }
        }
    }
}
