package io.fastd.bench.stub;

/**
 * A JDBC connection that does nothing: {@code isValid} answers true until closed, the state
 * HikariCP reads and resets (auto-commit, isolation, read-only) is kept in fields, every other
 * method is a no-op returning null, false or 0. Lets the pool benchmarks measure the pools, not a
 * driver or a network. Generated from {@link java.sql.Connection}'s methods.
 */
@SuppressWarnings("RedundantThrows")
public final class StubConnection implements java.sql.Connection {

    private volatile boolean closed;
    private boolean autoCommit = true;
    private boolean readOnly;
    private int isolation = java.sql.Connection.TRANSACTION_REPEATABLE_READ;

    @Override
    public void abort(java.util.concurrent.Executor p0) {
        // no-op
    }

    @Override
    public void clearWarnings() {
        // no-op
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public void commit() {
        // no-op
    }

    @Override
    public java.sql.Array createArrayOf(String p0, Object[] p1) {
        return null;
    }

    @Override
    public java.sql.Blob createBlob() {
        return null;
    }

    @Override
    public java.sql.Clob createClob() {
        return null;
    }

    @Override
    public java.sql.NClob createNClob() {
        return null;
    }

    @Override
    public java.sql.SQLXML createSQLXML() {
        return null;
    }

    @Override
    public java.sql.Statement createStatement() {
        return null;
    }

    @Override
    public java.sql.Statement createStatement(int p0, int p1, int p2) {
        return null;
    }

    @Override
    public java.sql.Statement createStatement(int p0, int p1) {
        return null;
    }

    @Override
    public java.sql.Struct createStruct(String p0, Object[] p1) {
        return null;
    }

    @Override
    public boolean getAutoCommit() {
        return autoCommit;
    }

    @Override
    public String getCatalog() {
        return null;
    }

    @Override
    public java.util.Properties getClientInfo() {
        return null;
    }

    @Override
    public String getClientInfo(String p0) {
        return null;
    }

    @Override
    public int getHoldability() {
        return 0;
    }

    @Override
    public java.sql.DatabaseMetaData getMetaData() {
        return null;
    }

    @Override
    public int getNetworkTimeout() {
        return 0;
    }

    @Override
    public String getSchema() {
        return null;
    }

    @Override
    public int getTransactionIsolation() {
        return isolation;
    }

    @Override
    public java.util.Map<String, Class<?>> getTypeMap() {
        return null;
    }

    @Override
    public java.sql.SQLWarning getWarnings() {
        return null;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public boolean isValid(int p0) {
        return !closed;
    }

    @Override
    public boolean isWrapperFor(Class<?> p0) {
        return false;
    }

    @Override
    public String nativeSQL(String p0) {
        return null;
    }

    @Override
    public java.sql.CallableStatement prepareCall(String p0, int p1, int p2, int p3) {
        return null;
    }

    @Override
    public java.sql.CallableStatement prepareCall(String p0, int p1, int p2) {
        return null;
    }

    @Override
    public java.sql.CallableStatement prepareCall(String p0) {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(String p0, int[] p1) {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(String p0, String[] p1) {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(String p0, int p1, int p2, int p3) {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(String p0, int p1, int p2) {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(String p0, int p1) {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(String p0) {
        return null;
    }

    @Override
    public void releaseSavepoint(java.sql.Savepoint p0) {
        // no-op
    }

    @Override
    public void rollback() {
        // no-op
    }

    @Override
    public void rollback(java.sql.Savepoint p0) {
        // no-op
    }

    @Override
    public void setAutoCommit(boolean p0) {
        autoCommit = p0;
    }

    @Override
    public void setCatalog(String p0) {
        // no-op
    }

    @Override
    public void setClientInfo(String p0, String p1) {
        // no-op
    }

    @Override
    public void setClientInfo(java.util.Properties p0) {
        // no-op
    }

    @Override
    public void setHoldability(int p0) {
        // no-op
    }

    @Override
    public void setNetworkTimeout(java.util.concurrent.Executor p0, int p1) {
        // no-op
    }

    @Override
    public void setReadOnly(boolean p0) {
        readOnly = p0;
    }

    @Override
    public java.sql.Savepoint setSavepoint() {
        return null;
    }

    @Override
    public java.sql.Savepoint setSavepoint(String p0) {
        return null;
    }

    @Override
    public void setSchema(String p0) {
        // no-op
    }

    @Override
    public void setTransactionIsolation(int p0) {
        isolation = p0;
    }

    @Override
    public void setTypeMap(java.util.Map<String, Class<?>> p0) {
        // no-op
    }

    @Override
    public <T> T unwrap(Class<T> p0) {
        return null;
    }
}
