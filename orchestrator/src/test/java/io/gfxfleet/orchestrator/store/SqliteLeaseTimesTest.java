package io.gfxfleet.orchestrator.store;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Lease times on the embedded default: a SQLite file. */
class SqliteLeaseTimesTest extends LeaseTimesContract {
    @TempDir
    Path dir;

    @Override
    String databaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("gfxfleet.db");
    }
}
