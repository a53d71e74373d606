package com.velure.platform.admin;

/**
 * The limits a live pool change must stay within, set for each service by its boot command file in
 * server-config/ (system properties, so sizing stays there): the instance's share of the connection
 * budget (CONNECTION-BUDGET.md) and the longest wait a request may be kept waiting for a connection.
 */
record PoolBudget(int maxPoolSize, long maxWaitMillis) {

    static final String MAX_POOL_SIZE = "velure.pool.budget.max-pool-size";
    static final String MAX_WAIT_MILLIS = "velure.pool.budget.max-wait-ms";

    /** Null when server-config/ set no budget: then nothing may be resized. */
    static PoolBudget fromSystemProperties() {
        String size = System.getProperty(MAX_POOL_SIZE);
        String wait = System.getProperty(MAX_WAIT_MILLIS);
        if (size == null || wait == null) {
            return null;
        }
        return new PoolBudget(Integer.parseInt(size.trim()), Long.parseLong(wait.trim()));
    }

    /** Why the change is refused, or null when it fits. */
    String refusal(String service, int maxPoolSize, int steadyPoolSize, long maxWaitMillis) {
        if (maxPoolSize < 1) {
            return "max pool size must be at least 1, not " + maxPoolSize;
        }
        if (maxPoolSize > this.maxPoolSize) {
            return "max pool size " + maxPoolSize + " is over " + service + "'s share of the connection budget: "
                    + this.maxPoolSize + " per instance (server-config/CONNECTION-BUDGET.md). Raising it is a budget change:"
                    + " edit server-config/ and the budget, then restart";
        }
        if (steadyPoolSize < 0 || steadyPoolSize > maxPoolSize) {
            return "steady pool size must be between 0 and the max pool size " + maxPoolSize + ", not " + steadyPoolSize;
        }
        if (maxWaitMillis < 1 || maxWaitMillis > this.maxWaitMillis) {
            return "max wait must be between 1 and " + this.maxWaitMillis + " ms (0 would make requests wait forever), not "
                    + maxWaitMillis;
        }
        return null;
    }
}
