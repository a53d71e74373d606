package com.velure.platform.testing;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.velure.devsupport.DatabaseProvisioner;
import com.velure.devsupport.LocalPostgres;
import com.velure.devsupport.ServiceRole;
import org.testcontainers.containers.PostgreSQLContainer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL 15 in a Docker container, for machines with a Docker engine. The container publishes
 * 5432 on the reserved {@code DB_PORT} so Payara Micro reaches it the same way as the embedded one.
 */
final class ContainerPostgres implements PostgresExtension.TestPostgres {

    private final PostgreSQLContainer<?> container;

    private ContainerPostgres(PostgreSQLContainer<?> container) {
        this.container = container;
    }

    static PostgresExtension.TestPostgres start(int port) throws Exception {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:15")
                .withUsername("postgres")
                .withPassword(LocalPostgres.randomSecret())
                .withDatabaseName("postgres")
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
                .withCommand("postgres", "-c", "max_connections=" + LocalPostgres.MAX_CONNECTIONS)
                .withCreateContainerCmdModifier(cmd -> cmd.withHostConfig(new HostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindPort(port), new ExposedPort(5432)))));
        container.start();
        Map<ServiceRole, String> passwords = new EnumMap<>(ServiceRole.class);
        for (ServiceRole service : ServiceRole.values()) {
            passwords.put(service, LocalPostgres.randomSecret());
        }
        DatabaseProvisioner.provision(container.getJdbcUrl(), "postgres", container.getPassword(), passwords);
        return new ContainerPostgres(container);
    }

    @Override
    public String superuserUrl() {
        return container.getJdbcUrl().replace("/postgres", "/" + DatabaseProvisioner.DATABASE);
    }

    @Override
    public String superuserPassword() {
        return container.getPassword();
    }

    @Override
    public void restart() throws Exception {
        // SIGINT is PostgreSQL's fast shutdown (docker stop's SIGTERM would be the smart one); the port stays bound.
        var docker = container.getDockerClient();
        docker.killContainerCmd(container.getContainerId()).withSignal("SIGINT").exec();
        docker.waitContainerCmd(container.getContainerId()).start().awaitCompletion(60, TimeUnit.SECONDS);
        docker.startContainerCmd(container.getContainerId()).exec();
        for (long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); ; Thread.sleep(200)) {
            try (Connection ignored = DriverManager.getConnection(superuserUrl(), "postgres", container.getPassword())) {
                return;
            } catch (SQLException starting) {
                if (System.nanoTime() > deadline) {
                    throw starting;
                }
            }
        }
    }

    @Override
    public void close() {
        container.stop();
    }
}
