package io.fastd.pool.mysql;

import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of {@link Database#action(TransactionCallback)}. */
final class Transaction {

    private static final Logger LOG = LoggerFactory.getLogger(Transaction.class);

    private final KeyConnection link;
    private final StatementRunner runner;

    Transaction(KeyConnection link, StatementRunner runner) {
        this.link = link;
        this.runner = runner;
    }

    <T> T run(Database db, TransactionCallback<T> work) {
        if (link.inTransaction()) {
            return callNested(db, work);
        }
        Connection c = runner.connection(); // may ping and reconnect: nothing has started yet
        try {
            c.setAutoCommit(false);
        } catch (SQLException e) {
            if (ConnectionLoss.isConnectionLoss(e)) {
                link.lost(e);
            }
            throw runner.failed(e);
        }
        link.inTransaction(true);
        T result;
        try {
            result = work.run(db);
        } catch (Throwable t) {
            end(c, t);
            throw rethrow(t);
        }
        try {
            c.commit();
        } catch (SQLException e) {
            if (ConnectionLoss.isConnectionLoss(e)) {
                link.lost(e);
                end(c, e);
                throw ConnectionLostException.duringCommit(link.settings(), e);
            }
            DatabaseException failure = runner.failed(e);
            end(c, failure);
            throw failure;
        }
        end(c, null);
        return result;
    }

    /** Rolls back if {@code failure} is set and the connection is still ours, then leaves transaction mode. */
    private void end(Connection c, Throwable failure) {
        link.inTransaction(false);
        if (link.current() != c) {
            return; // lost: the server rolled back; the next use reconnects
        }
        try {
            if (failure != null) {
                c.rollback();
            }
            c.setAutoCommit(true);
        } catch (SQLException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
            LOG.warn("Ending a transaction on '{}' ({}) failed; dropping the connection: {}",
                    link.settings().key(), link.settings().address(), e.toString());
            if (ConnectionLoss.isConnectionLoss(e)) {
                link.lost(e);
            } else {
                link.close();
            }
        }
    }

    private <T> T callNested(Database db, TransactionCallback<T> work) {
        try {
            return work.run(db);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new DatabaseException(link.settings().key(), "transaction on '" + link.settings().key() + "' ("
                + link.settings().address() + ") was rolled back: " + t, t);
    }
}
