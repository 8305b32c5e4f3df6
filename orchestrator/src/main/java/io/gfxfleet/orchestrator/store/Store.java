package io.gfxfleet.orchestrator.store;

/**
 * The whole store, for the places that need several concerns at once (the HTTP routes, the
 * orchestrator's wiring). Each concern has its own interface and its own JDBC implementation:
 * {@link LeaseStore} (every lease rule, over one dialect seam, {@link LeaseStatements}),
 * {@link RunStore}, {@link AgentRegistry} and {@link DashboardReads}. Every method is one
 * transaction and blocks: call it off the event loop.
 */
public interface Store extends LeaseStore, RunStore, AgentRegistry, DashboardReads, AutoCloseable {

    /** One trivial query: throws {@link StoreException} when the database cannot answer ({@code /readyz}). */
    void ping();

    @Override
    void close();
}
