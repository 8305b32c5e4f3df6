package io.gfxfleet.orchestrator.store;

import java.util.UUID;

/** Lease times on PostgreSQL (see {@link PostgresStoreTest}), each test in a schema of its own. */
class PostgresLeaseTimesTest extends LeaseTimesContract {
    private final String schema = "lease_times_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Override
    String databaseUrl() {
        return PostgresStoreTest.URL + "&currentSchema=" + schema;
    }
}
