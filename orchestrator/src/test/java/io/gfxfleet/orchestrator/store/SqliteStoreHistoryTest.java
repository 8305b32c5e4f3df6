package io.gfxfleet.orchestrator.store;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Pruning and keyset pagination on SQLite. */
class SqliteStoreHistoryTest extends StoreHistoryContract {
    @TempDir
    Path dir;

    @Override
    Database openDatabase() {
        return Database.open("jdbc:sqlite:" + dir.resolve("gfxfleet.db"));
    }
}
