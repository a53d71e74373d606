package com.velure.platform.metrics;

import com.velure.platform.persistence.ServiceDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Publishes the service's JDBC pool on /metrics as {@code db_pool_*} gauges tagged with the pool
 * name, so an operator sees the pool fill up before clients see 503s. Payara's own
 * {@code connection_pool_*} metrics always read 0; these read the monitoring MBeans.
 */
@ApplicationScoped
public class PoolMetrics {

    @Inject
    MetricRegistry registry;

    @Inject
    ServiceDatabase database;

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        PoolStatistics stats = new PoolStatistics(database.poolName());
        Tag pool = new Tag("pool", database.poolName());
        for (PoolGauge gauge : PoolGauge.values()) {
            Metadata metadata = Metadata.builder().withName(gauge.metricName()).withDescription(gauge.description()).build();
            registry.gauge(metadata, stats, s -> gauge.read(s), pool);
        }
    }
}
