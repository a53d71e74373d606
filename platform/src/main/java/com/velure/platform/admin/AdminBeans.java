package com.velure.platform.admin;

import com.velure.platform.persistence.ServiceDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.logging.Logger;

/**
 * Registers the console's MBeans when the application starts and removes them when it stops, so a
 * redeployment does not leave a stale bean behind.
 */
@ApplicationScoped
public class AdminBeans {

    private static final Logger LOG = Logger.getLogger(AdminBeans.class.getName());

    @Inject
    ServiceDatabase database;

    @Inject
    MetricRegistry registry;

    private List<ObjectName> registered = List.of();

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        PoolBudget budget = PoolBudget.fromSystemProperties();
        if (budget == null) {
            LOG.warning("no " + PoolBudget.MAX_POOL_SIZE + " from server-config/: the console can watch "
                    + database.poolName() + " but every resize will be refused");
        }
        try {
            ObjectName pool = new ObjectName("com.velure:type=ConnectionPool,name=" + database.poolName());
            ObjectName requests = new ObjectName("com.velure:type=Requests,name=" + database.name());
            server.registerMBean(new ConnectionPool(server, database.name(), database.poolName(), budget), pool);
            server.registerMBean(new Requests(registry), requests);
            registered = List.of(pool, requests);
        } catch (Exception e) {
            // The console is an operator's tool: the service must still serve without it.
            LOG.severe("console MBeans not registered: " + e);
        }
    }

    void unregister(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (Exception alreadyGone) {
                // nothing to clean up
            }
        }
    }
}
