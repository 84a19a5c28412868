package io.fastd.pool.mysql.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * The embedded server's port is free when chosen, but another process may bind it before mariadbd
 * does: the start then moves to another port, a bounded number of times.
 */
class EmbeddedMariaDbPortTest {

    /** The base directory the test JVM's embedded server uses: binaries already unpacked there. */
    private static final Path BASE = Path.of(System.getProperty("basedir", "."), "target", "embedded-mariadb");

    private static ServerSocket taken() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    }

    private static int free() throws IOException {
        try (ServerSocket socket = taken()) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aPortTakenBeforeMariadbBindsItIsGivenUpForAnother() throws Exception {
        try (ServerSocket squatter = taken()) {
            int second = free();
            AtomicInteger asked = new AtomicInteger();
            IntSupplier ports = () -> asked.getAndIncrement() == 0 ? squatter.getLocalPort() : second;

            try (EmbeddedMariaDb server = EmbeddedMariaDb.start(BASE, ports)) {
                assertThat(server.port()).isEqualTo(second);
                try (Connection connection = server.adminConnection()) {
                    assertThat(connection.isValid(5)).isTrue();
                }
            }
            assertThat(asked).hasValue(2);
        }
    }

    @Test
    void aPortTakenOnEveryAttemptFailsAfterTheLastAttempt() throws Exception {
        try (ServerSocket squatter = taken()) {
            AtomicInteger asked = new AtomicInteger();
            IntSupplier ports = () -> {
                asked.incrementAndGet();
                return squatter.getLocalPort();
            };

            assertThatThrownBy(() -> EmbeddedMariaDb.start(BASE, ports)).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot start the embedded MariaDB in ");
            assertThat(asked).hasValue(EmbeddedMariaDb.PORT_ATTEMPTS);
        }
    }
}
