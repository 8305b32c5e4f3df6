package io.gfxfleet.orchestrator.store;

import java.util.UUID;

/** Pruning and keyset pagination on PostgreSQL, each test in a schema of its own. */
class PostgresStoreHistoryTest extends StoreHistoryContract {
    @Override
    Database openDatabase() {
        String schema = "history_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return Database.open(PostgresStoreTest.URL + "&currentSchema=" + schema);
    }
}
