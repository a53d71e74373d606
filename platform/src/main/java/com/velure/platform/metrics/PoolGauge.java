package com.velure.platform.metrics;

/**
 * Every pool figure /metrics shows, with the Payara statistic it comes from. Names end in the unit
 * or in {@code _total} for running counts, so they read without a manual.
 */
enum PoolGauge {
    MAX("db_pool_connections_max", Source.CONFIGURATION, "MaxPoolSize", "Most connections the pool may open (from server-config/)"),
    MAX_WAIT("db_pool_max_wait_milliseconds", Source.CONFIGURATION, "MaxWaitTimeInMillis", "How long a request waits for a connection before 503"),
    IN_USE("db_pool_connections_in_use", Source.MONITORING, "numconnused", "Connections lent to requests right now"),
    IDLE("db_pool_connections_idle", Source.MONITORING, "numconnfree", "Open connections waiting in the pool"),
    WAITING("db_pool_waiting_threads", Source.MONITORING, "waitqueuelength", "Requests waiting for a connection right now"),
    WAIT_TIME_LAST("db_pool_wait_milliseconds_last", Source.MONITORING, "connrequestwaittime", "How long the latest connection request waited"),
    WAIT_TIME_AVERAGE("db_pool_wait_milliseconds_average", Source.MONITORING, "averageconnwaittime", "Average wait for a connection"),
    TIMEOUTS("db_pool_wait_timeouts_total", Source.MONITORING, "numconntimedout", "Requests that gave up after the pool's max wait (answered 503)"),
    CREATED("db_pool_connections_created_total", Source.MONITORING, "numconncreated", "Connections opened to PostgreSQL"),
    DESTROYED("db_pool_connections_destroyed_total", Source.MONITORING, "numconndestroyed", "Connections closed by the pool"),
    ACQUIRED("db_pool_connections_acquired_total", Source.MONITORING, "numconnacquired", "Connections lent out"),
    RELEASED("db_pool_connections_released_total", Source.MONITORING, "numconnreleased", "Connections given back"),
    FAILED_VALIDATION("db_pool_validation_failures_total", Source.MONITORING, "numconnfailedvalidation", "Connections that failed validation on borrow"),
    POTENTIAL_LEAKS("db_pool_potential_leaks_total", Source.MONITORING, "numpotentialconnleak", "Connections held longer than the leak timeout");

    private final String metricName;
    /** Where Payara keeps the figure. */
    enum Source { MONITORING, CONFIGURATION }

    private final Source source;
    /** The statistic or attribute name, as Payara spells it. */
    private final String statistic;
    private final String description;

    PoolGauge(String metricName, Source source, String statistic, String description) {
        this.metricName = metricName;
        this.source = source;
        this.statistic = statistic;
        this.description = description;
    }

    String metricName() {
        return metricName;
    }

    String description() {
        return description;
    }

    double read(PoolStatistics pool) {
        return source == Source.CONFIGURATION ? pool.configured(statistic) : pool.statistic(statistic);
    }
}
