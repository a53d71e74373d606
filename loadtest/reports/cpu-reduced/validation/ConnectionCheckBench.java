import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * CPU of one pool validation, in PostgreSQL's backend and in the JVM, for the two checks Payara
 * offers for PostgreSQL: what {@code PostgresConnectionValidation} does (a statement with the pool's
 * query timeout running {@code SELECT 1}) and what {@code JDBC40ConnectionValidation} does
 * ({@code Connection.isValid}, which pgjdbc sends as an empty query). Both are called with the
 * pool's statement timeout, 5 s. The backend's CPU is read from {@code /proc}, so the server must
 * run on this machine.
 *
 * <pre>java -cp postgresql-42.7.8.jar ConnectionCheckBench.java jdbc:postgresql://127.0.0.1:15432/velure postgres 20000</pre>
 */
public class ConnectionCheckBench {

    public static void main(String[] args) throws Exception {
        String url = args[0], user = args[1];
        int checks = Integer.parseInt(args[2]);
        try (Connection connection = DriverManager.getConnection(url, user, System.getenv().getOrDefault("PGPASSWORD", ""))) {
            int backend = backendPid(connection);
            for (int round = 1; round <= 6; round++) {
                for (String check : new String[] {"SELECT 1", "isValid"}) {
                    long backend0 = backendTicks(backend), jvm0 = jvmCpuNanos(), wall0 = System.nanoTime();
                    for (int i = 0; i < checks; i++) {
                        if (check.equals("isValid")) {
                            if (!connection.isValid(5)) throw new IllegalStateException("connection not valid");
                        } else {
                            try (Statement statement = connection.createStatement()) {
                                statement.setQueryTimeout(5);
                                statement.execute("SELECT 1");
                            }
                        }
                    }
                    // /proc's ticks are 10 ms: 10 000 µs per tick
                    System.out.printf("round %d  %-8s  backend %5.1f µs  JVM %5.1f µs  wall %5.1f µs  per check%n", round, check,
                            (backendTicks(backend) - backend0) * 10_000.0 / checks, (jvmCpuNanos() - jvm0) / 1000.0 / checks,
                            (System.nanoTime() - wall0) / 1000.0 / checks);
                }
            }
        }
    }

    private static int backendPid(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SELECT pg_backend_pid()")) {
            result.next();
            return result.getInt(1);
        }
    }

    /** utime + stime of the backend process. */
    private static long backendTicks(int pid) throws Exception {
        String[] fields = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceAll(".*\\) ", "").split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The whole JVM, so that pgjdbc's timer thread (the query timeout) counts too. */
    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
