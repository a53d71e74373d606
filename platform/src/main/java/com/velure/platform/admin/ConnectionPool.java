package com.velure.platform.admin;

import javax.management.Attribute;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeData;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The console's view of one Payara JDBC pool. Payara's own monitoring MBean shows its statistics as
 * composite JSON a console cannot chart, so each figure is a plain number here. {@link #resize} is
 * the only write: it checks the change against the instance's budget share from server-config/ and
 * then sets the pool's configuration in-process through Payara's AMX configuration MBean, which
 * resizes the running pool at once (the Jolokia policy denies that MBean to remote callers).
 */
final class ConnectionPool extends StandardMBean implements ConnectionPoolMXBean {

    static final String LIVE_CHANGES = "A resize applies at once and lasts until this instance restarts. To keep it, change the pool"
            + " in server-config/ (within server-config/CONNECTION-BUDGET.md) and restart.";

    private static final Logger AUDIT = Logger.getLogger(ConnectionPool.class.getName());

    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("Pool", "Payara JDBC pool name"),
            Map.entry("InUse", "Connections lent to requests right now"),
            Map.entry("Idle", "Open connections waiting in the pool"),
            Map.entry("MaxPoolSize", "Most connections the pool may open"),
            Map.entry("SteadyPoolSize", "Connections the pool keeps open when idle"),
            Map.entry("MaxWaitMillis", "How long a request waits for a connection before 503"),
            Map.entry("Waiting", "Requests waiting for a connection right now"),
            Map.entry("WaitTimeouts", "Requests that gave up after the max wait (answered 503), since start"),
            Map.entry("AverageWaitMillis", "Average wait for a connection"),
            Map.entry("BudgetMaxPoolSize", "This instance's share of the connection budget (server-config/)"),
            Map.entry("BudgetMaxWaitMillis", "Longest max wait a resize may set (server-config/)"),
            Map.entry("LiveChanges", "How long a resize lasts"));

    private final MBeanServer server;
    private final String service;
    private final String pool;
    private final ObjectName statistics;
    private final ObjectName configuration;
    private final PoolBudget budget;

    ConnectionPool(MBeanServer server, String service, String pool, PoolBudget budget) throws Exception {
        super(ConnectionPoolMXBean.class, true);
        this.server = server;
        this.service = service;
        this.pool = pool;
        this.budget = budget;
        this.statistics = new ObjectName("amx:pp=/mon/server-mon[server],type=jdbc-connection-pool-mon,name=resources/" + pool);
        this.configuration = new ObjectName("amx:pp=/domain/resources,type=jdbc-connection-pool,name=" + pool);
    }

    @Override
    public String getPool() {
        return pool;
    }

    @Override
    public int getInUse() {
        return (int) statistic("numconnused");
    }

    @Override
    public int getIdle() {
        return (int) statistic("numconnfree");
    }

    @Override
    public int getMaxPoolSize() {
        return (int) configured("MaxPoolSize");
    }

    @Override
    public int getSteadyPoolSize() {
        return (int) configured("SteadyPoolSize");
    }

    @Override
    public long getMaxWaitMillis() {
        return configured("MaxWaitTimeInMillis");
    }

    @Override
    public int getWaiting() {
        return (int) statistic("waitqueuelength");
    }

    @Override
    public long getWaitTimeouts() {
        return statistic("numconntimedout");
    }

    @Override
    public long getAverageWaitMillis() {
        return statistic("averageconnwaittime");
    }

    @Override
    public int getBudgetMaxPoolSize() {
        return budget == null ? -1 : budget.maxPoolSize();
    }

    @Override
    public long getBudgetMaxWaitMillis() {
        return budget == null ? -1 : budget.maxWaitMillis();
    }

    @Override
    public String getLiveChanges() {
        return LIVE_CHANGES;
    }

    @Override
    public synchronized String resize(int maxPoolSize, int steadyPoolSize, long maxWaitMillis) {
        String who = Caller.name();
        String change = pool + " max-pool-size " + getMaxPoolSize() + " -> " + maxPoolSize
                + ", steady-pool-size " + getSteadyPoolSize() + " -> " + steadyPoolSize
                + ", max-wait " + getMaxWaitMillis() + " -> " + maxWaitMillis + " ms";
        String refusal = budget == null
                ? "no pool budget for " + service + " in server-config/ (" + PoolBudget.MAX_POOL_SIZE + "), so no live resize"
                : budget.refusal(service, maxPoolSize, steadyPoolSize, maxWaitMillis);
        if (refusal != null) {
            AUDIT.warning("pool change REFUSED for " + who + ": " + change + ": " + refusal);
            throw new IllegalArgumentException("Refused: " + refusal);
        }
        long started = System.nanoTime();
        try {
            // Payara checks steady <= max on every single change, so the order depends on the direction.
            if (maxPoolSize < getSteadyPoolSize()) {
                set("SteadyPoolSize", steadyPoolSize);
                set("MaxPoolSize", maxPoolSize);
            } else {
                set("MaxPoolSize", maxPoolSize);
                set("SteadyPoolSize", steadyPoolSize);
            }
            set("MaxWaitTimeInMillis", maxWaitMillis);
        } catch (Exception e) {
            AUDIT.severe("pool change FAILED for " + who + ": " + change + ": " + e);
            throw new IllegalStateException("Payara did not apply the change: " + e.getMessage());
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        AUDIT.info("pool change by " + who + ": " + change + " (applied in " + millis + " ms, live until restart)");
        return "Applied in " + millis + " ms: " + change + ". " + LIVE_CHANGES;
    }

    private void set(String attribute, long value) throws Exception {
        server.setAttribute(configuration, new Attribute(attribute, String.valueOf(value)));
    }

    /** A monitoring statistic; -1 until the pool's monitoring MBean exists (first use). */
    private long statistic(String name) {
        try {
            Object value = server.getAttribute(statistics, name);
            if (value instanceof CompositeData data) {
                for (String key : new String[]{"current", "count"}) {
                    if (data.getCompositeType().containsKey(key)) {
                        return ((Number) data.get(key)).longValue();
                    }
                }
            }
            return -1;
        } catch (Exception notThereYet) {
            return -1;
        }
    }

    private long configured(String attribute) {
        try {
            return Long.parseLong(String.valueOf(server.getAttribute(configuration, attribute)).trim());
        } catch (Exception notThereYet) {
            return -1;
        }
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        return service + "'s JDBC pool " + pool + ". " + LIVE_CHANGES;
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        return DESCRIPTIONS.getOrDefault(info.getName(), info.getName());
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        return "Resize this pool now, within the budget share (refused otherwise). " + LIVE_CHANGES;
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return new String[]{"maxPoolSize", "steadyPoolSize", "maxWaitMillis"}[sequence];
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return new String[]{"most connections (at most the budget share)", "connections kept open (at most maxPoolSize)",
                "how long a request waits for a connection, in ms"}[sequence];
    }
}
