package io.gfxfleet.orchestrator.store;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The dashboard's store queries on SQLite. */
class SqliteStoreQueriesTest extends StoreQueriesContract {
    @TempDir
    Path dir;

    @Override
    Database openDatabase() {
        return Database.open("jdbc:sqlite:" + dir.resolve("gfxfleet.db"));
    }
}
