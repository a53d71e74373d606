package com.velure.local;

import com.velure.devsupport.DatabaseProvisioner;
import com.velure.devsupport.ServiceRole;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PgBouncer (Debian's package) in transaction pooling mode between the services' Payara pools and
 * PostgreSQL, as in production. Its pool sizes and timeouts come from
 * {@code server-config/pgbouncer/pgbouncer.ini}, included as it is; this class adds only what
 * depends on the machine, as docker/pgbouncer/start does: where PostgreSQL is, the loopback port,
 * the service roles' passwords (in an owner-only file under {@code .velure/pgbouncer}) and the log.
 */
final class PgBouncer implements AutoCloseable {

    private static final List<Path> WHERE_DEBIAN_PUTS_IT = List.of(Path.of("/usr/sbin/pgbouncer"), Path.of("/usr/bin/pgbouncer"));

    private final Process process;
    private final int port;

    private PgBouncer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static PgBouncer start(Settings settings, Map<ServiceRole, String> passwords) throws IOException, InterruptedException {
        Path binary = binary(settings.environment());
        Path home = Files.createDirectories(settings.home().resolve("pgbouncer"));
        Path logs = Files.createDirectories(settings.home().resolve("logs"));
        Path users = home.resolve("userlist.txt");
        StringBuilder userlist = new StringBuilder();
        passwords.forEach((role, password) -> userlist.append('"').append(role.role()).append("\" \"")
                .append(password.replace("\"", "\"\"")).append("\"\n"));
        Files.deleteIfExists(users);
        Files.createFile(users, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(users, userlist);
        Path ini = home.resolve("pgbouncer.ini");
        // What depends on this machine goes into the shared file's own [pgbouncer] section (a second
        // section would start again from PgBouncer's defaults), the database at the end.
        String machine = String.join("\n",
                "; the local launcher's additions: this machine's address, logins and log",
                "listen_addr = 127.0.0.1",
                "listen_port = " + settings.pgBouncerPort(),
                "unix_socket_dir =",
                "auth_type = scram-sha-256",
                "auth_file = " + users,
                "logfile = " + logs.resolve("pgbouncer.log"));
        StringBuilder config = new StringBuilder("; Written by the local launcher at every start from server-config/pgbouncer/pgbouncer.ini.\n");
        for (String line : Files.readAllLines(settings.serverConfig().resolve("pgbouncer/pgbouncer.ini"))) {
            config.append(line).append('\n');
            if (line.strip().equals("[pgbouncer]")) {
                config.append(machine).append('\n');
            }
        }
        config.append("[databases]\n").append(DatabaseProvisioner.DATABASE).append(" = host=").append(settings.dbHost())
                .append(" port=").append(settings.dbPort()).append(" dbname=").append(DatabaseProvisioner.DATABASE).append('\n');
        Files.writeString(ini, config);

        List<String> command = new ArrayList<>(List.of(binary.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            // PgBouncer refuses to run as root; it drops to this user, which must read its files.
            String user = settings.environment().getOrDefault("PGBOUNCER_USER", "nobody");
            UserPrincipal owner = home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
            for (Path path : List.of(home, users, ini)) {
                Files.setOwner(path, owner);
            }
            Path log = logs.resolve("pgbouncer.log");
            if (!Files.exists(log)) {
                Files.createFile(log);
            }
            Files.setOwner(log, owner);
            command.addAll(List.of("-u", user));
        }
        command.add(ini.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("pgbouncer.out").toFile())).start();
        PgBouncer started = new PgBouncer(process, settings.pgBouncerPort());
        try {
            started.awaitListening(Duration.ofSeconds(15), logs);
        } catch (RuntimeException | InterruptedException e) {
            started.close(); // the launcher's shutdown does not know it yet
            throw e;
        }
        return started;
    }

    private static Path binary(Map<String, String> env) {
        if (env.containsKey("PGBOUNCER")) {
            return Path.of(env.get("PGBOUNCER"));
        }
        for (Path candidate : WHERE_DEBIAN_PUTS_IT) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (String directory : env.getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(directory, "pgbouncer");
            if (!directory.isBlank() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("--pgbouncer needs PgBouncer 1.18+: install it (Debian: apt-get install pgbouncer)"
                + " or name the binary in PGBOUNCER");
    }

    private void awaitListening(Duration timeout, Path logs) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PgBouncer exited with " + process.exitValue() + "; see "
                        + logs.resolve("pgbouncer.out") + " and " + logs.resolve("pgbouncer.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("PgBouncer not listening on " + port + " after " + timeout.toSeconds() + " s");
    }

    int port() {
        return port;
    }

    /** SIGTERM: PgBouncer closes its connections at once. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
