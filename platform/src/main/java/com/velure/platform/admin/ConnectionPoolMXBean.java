package com.velure.platform.admin;

/** One JDBC pool of this instance as plain numbers, and the one checked way to resize it live. */
public interface ConnectionPoolMXBean {

    String getPool();

    int getInUse();

    int getIdle();

    int getMaxPoolSize();

    int getSteadyPoolSize();

    long getMaxWaitMillis();

    int getWaiting();

    long getWaitTimeouts();

    long getAverageWaitMillis();

    int getBudgetMaxPoolSize();

    long getBudgetMaxWaitMillis();

    String getLiveChanges();

    String resize(int maxPoolSize, int steadyPoolSize, long maxWaitMillis);
}
