package com.velure.platform.metrics;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.lang.management.ManagementFactory;

/**
 * Reads one JDBC pool's statistics and configuration from Payara's AMX MBeans. The statistics are
 * real only with monitoring on (server-config/monitoring.asadmin) and the flashlight agent loaded,
 * and exist only once the pool has been used; until then a value reads as NaN rather than failing
 * /metrics.
 */
final class PoolStatistics {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName statistics;
    private final ObjectName configuration;

    PoolStatistics(String poolName) {
        try {
            this.statistics = new ObjectName("amx:pp=/mon/server-mon[server],type=jdbc-connection-pool-mon,name=resources/" + poolName);
            this.configuration = new ObjectName("amx:pp=/domain/resources,type=jdbc-connection-pool,name=" + poolName);
        } catch (Exception e) {
            throw new IllegalArgumentException("bad pool name " + poolName, e);
        }
    }

    /** A monitoring statistic's current value (or count), NaN when the MBean is not there (yet). */
    double statistic(String name) {
        return read(statistics, name);
    }

    /** A configured pool attribute (e.g. MaxPoolSize, with environment variables already resolved). */
    double configured(String name) {
        return read(configuration, name);
    }

    private double read(ObjectName bean, String attribute) {
        try {
            return numeric(server.getAttribute(bean, attribute));
        } catch (Exception notThereYet) {
            return Double.NaN;
        }
    }

    private static double numeric(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            return Double.parseDouble(text.trim());
        }
        if (value instanceof CompositeData data) {
            for (String key : new String[]{"current", "count"}) {
                if (data.getCompositeType().containsKey(key)) {
                    return ((Number) data.get(key)).doubleValue();
                }
            }
        }
        return Double.NaN;
    }
}
