package io.gfxfleet.orchestrator.store;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The store contract on the embedded default: a SQLite file. */
class SqliteStoreTest extends StoreContract {
    @TempDir
    Path dir;

    @Override
    Database openDatabase() {
        return Database.open("jdbc:sqlite:" + dir.resolve("gfxfleet.db"));
    }
}
