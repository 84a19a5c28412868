package io.fastd.pool.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class ConnectionLossTest {

    @Test
    void connectionLosses() {
        assertThat(ConnectionLoss.isConnectionLoss(new SQLNonTransientConnectionException("Socket error")))
                .isTrue();
        assertThat(ConnectionLoss.isConnectionLoss(new SQLTransientConnectionException("timeout"))).isTrue();
        assertThat(ConnectionLoss.isConnectionLoss(new SQLException("x", "08S01", 0))).isTrue();
        assertThat(ConnectionLoss.isConnectionLoss(new SQLException("x", "08000", 0))).isTrue();
        assertThat(ConnectionLoss.isConnectionLoss(new SQLException("gone away", "HY000", 2006))).isTrue();
        assertThat(ConnectionLoss.isConnectionLoss(new SQLException("lost", "HY000", 2013))).isTrue();
        assertThat(ConnectionLoss.isConnectionLoss(new SQLException("killed", "70100", 1927))).isTrue();
        assertThat(ConnectionLoss.isConnectionLoss(new RuntimeException(new SQLException("x", "08S01", 0))))
                .isTrue();
        SQLException chained = new SQLException("outer", "HY000", 1);
        chained.setNextException(new SQLException("inner", "08003", 0));
        assertThat(ConnectionLoss.isConnectionLoss(chained)).isTrue();
    }

    @Test
    void statementErrorsAreNotLosses() {
        assertThat(ConnectionLoss.isConnectionLoss(
                new SQLIntegrityConstraintViolationException("Duplicate entry", "23000", 1062))).isFalse();
        assertThat(ConnectionLoss.isConnectionLoss(new SQLSyntaxErrorException("syntax", "42000", 1064))).isFalse();
        assertThat(ConnectionLoss.isConnectionLoss(new SQLException("interrupted", "70100", 1317))).isFalse();
        assertThat(ConnectionLoss.isConnectionLoss(new SQLException("no state"))).isFalse();
        assertThat(ConnectionLoss.isConnectionLoss(new IOException("not sql"))).isFalse();
        assertThat(ConnectionLoss.isConnectionLoss(null)).isFalse();
    }
}
