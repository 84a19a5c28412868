package io.fastd.pool.mysql.embedded;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The SQL that sets up the accounts of an embedded server; passwords are base64url, safe in a literal. */
final class Accounts {

    /** The hosts root may log in from. */
    static final List<String> ROOT_HOSTS = List.of("localhost", "127.0.0.1", "::1");
    /** The hosts an application account may log in from (socket, TCP). */
    static final List<String> APPLICATION_HOSTS = List.of("localhost", "127.0.0.1");

    private Accounts() {
    }

    /** The init file: root from {@link #ROOT_HOSTS} only, with {@code password}, before any connection is accepted. */
    static String initFile(String password) {
        StringBuilder sql = new StringBuilder();
        for (String host : ROOT_HOSTS) {
            String account = "'root'@'" + host + "'";
            sql.append("CREATE USER IF NOT EXISTS ").append(account).append(";\n");
            sql.append("ALTER USER ").append(account).append(" IDENTIFIED VIA mysql_native_password USING PASSWORD('")
                    .append(password).append("');\n");
            sql.append("GRANT ALL PRIVILEGES ON *.* TO ").append(account).append(" WITH GRANT OPTION;\n");
        }
        return sql.toString();
    }

    /** Drops every account but root's (from {@link #ROOT_HOSTS}) and the system's, then reloads the grants. */
    static void dropOthers(Connection admin) throws SQLException {
        try (Statement st = admin.createStatement()) {
            List<String> accounts = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT CONCAT(QUOTE(user), '@', QUOTE(host)) FROM mysql.global_priv"
                    + " WHERE user NOT IN ('root', 'mariadb.sys', 'PUBLIC') OR (user = 'root' AND host NOT IN ('localhost',"
                    + " '127.0.0.1', '::1'))")) {
                while (rs.next()) {
                    accounts.add(rs.getString(1));
                }
            }
            for (String account : accounts) {
                st.execute("DROP USER " + account);
            }
            st.execute("FLUSH PRIVILEGES");
        }
    }

    /** Creates (or replaces) {@code user} from {@link #APPLICATION_HOSTS} with all privileges on {@code schema} only. */
    static void createApplication(Connection admin, String user, String password, String schema) throws SQLException {
        try (Statement st = admin.createStatement()) {
            for (String host : APPLICATION_HOSTS) {
                String account = "'" + user + "'@'" + host + "'";
                st.execute("CREATE OR REPLACE USER " + account + " IDENTIFIED BY '" + password + "'");
                st.execute("GRANT ALL PRIVILEGES ON `" + schema + "`.* TO " + account);
            }
        }
    }
}
