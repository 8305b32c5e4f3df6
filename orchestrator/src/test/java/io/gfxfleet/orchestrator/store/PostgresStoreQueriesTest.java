package io.gfxfleet.orchestrator.store;

import java.util.UUID;

/** The dashboard's store queries on PostgreSQL, each test in a schema of its own. */
class PostgresStoreQueriesTest extends StoreQueriesContract {
    @Override
    Database openDatabase() {
        String schema = "queries_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return Database.open(PostgresStoreTest.URL + "&currentSchema=" + schema);
    }
}
