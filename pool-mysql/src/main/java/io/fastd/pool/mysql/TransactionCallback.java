package io.fastd.pool.mysql;

/**
 * Work run inside {@link Database#action(TransactionCallback)}: committed when it returns,
 * rolled back when it throws anything.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface TransactionCallback<T> {

    /** Runs the work on {@code db}, whose statements all belong to the transaction. */
    T run(Database db) throws Exception;
}
