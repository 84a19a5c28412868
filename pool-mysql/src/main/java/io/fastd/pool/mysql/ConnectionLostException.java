package io.fastd.pool.mysql;

/**
 * The connection to the server was lost and the operation was not (or could not safely be)
 * replayed. {@link #insideTransaction()} says the loss happened in
 * {@link Database#action(TransactionCallback)}: the server rolled the transaction back.
 * {@link #outcomeUnknown()} says a write (or a commit) may or may not have been applied. The next
 * use of the {@link Database} reconnects.
 */
public final class ConnectionLostException extends DatabaseException {

    private final boolean insideTransaction;
    private final boolean outcomeUnknown;

    ConnectionLostException(String key, String message, Throwable cause, boolean insideTransaction,
            boolean outcomeUnknown) {
        super(key, message, cause);
        this.insideTransaction = insideTransaction;
        this.outcomeUnknown = outcomeUnknown;
    }

    static ConnectionLostException insideTransaction(DatabaseSettings s, Throwable cause) {
        return new ConnectionLostException(s.key(), "connection to '" + s.key() + "' (" + s.address()
                + ") lost inside a transaction; the transaction was rolled back by the server and was not replayed",
                cause, true, false);
    }

    static ConnectionLostException duringCommit(DatabaseSettings s, Throwable cause) {
        return new ConnectionLostException(s.key(), "connection to '" + s.key() + "' (" + s.address()
                + ") lost while committing; the outcome of the transaction is unknown and it was not replayed",
                cause, true, true);
    }

    static ConnectionLostException duringWrite(DatabaseSettings s, Throwable cause) {
        return new ConnectionLostException(s.key(), "connection to '" + s.key() + "' (" + s.address()
                + ") lost after a write was sent; the outcome is unknown (it may or may not have been applied)"
                + " and the statement was not retried", cause, false, true);
    }

    static ConnectionLostException afterRetry(DatabaseSettings s, Throwable cause) {
        return new ConnectionLostException(s.key(), "connection to '" + s.key() + "' (" + s.address()
                + ") lost again after reconnecting; the statement was retried once and gave up", cause, false, false);
    }

    public boolean insideTransaction() {
        return insideTransaction;
    }

    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
