package io.gfxfleet.orchestrator.store;

import java.util.UUID;

/**
 * The store contract on PostgreSQL (127.0.0.1:5432, user postgres, database test), each test
 * in a schema of its own so runs never see each other's rows.
 */
class PostgresStoreTest extends StoreContract {
    static final String URL = System.getProperty("gfxfleet.test.postgres",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    @Override
    Database openDatabase() {
        String schema = "contract_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return Database.open(URL + "&currentSchema=" + schema);
    }
}
