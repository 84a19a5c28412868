package io.fastd.pool.mysql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens the JDBC connection of one key. Production always uses {@link ConnectionFactory#open}
 * (MariaDB Connector/J); this seam exists, package-private, so that the benchmarks can measure the
 * pool's hand-out path over a no-op stub driver without a server. Not a public extension point.
 */
@FunctionalInterface
interface ConnectionOpener {

    /** The default: MariaDB Connector/J with the settings' timeouts, then {@code SET NAMES}. */
    ConnectionOpener MARIADB = ConnectionFactory::open;

    Connection open(DatabaseSettings settings) throws SQLException;
}
