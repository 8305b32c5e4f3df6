package io.gfxfleet.orchestrator.http;

import io.gfxfleet.orchestrator.auth.Authorizer;
import io.gfxfleet.orchestrator.auth.Role;
import io.gfxfleet.orchestrator.live.LiveEvents;
import io.gfxfleet.orchestrator.store.AgentRegistry;
import io.gfxfleet.protocol.AgentId;
import io.gfxfleet.protocol.ApiPaths;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.concurrent.Callable;

/** Operators' view of the fleet: registered agents (open), drain and un-quarantine (operator token). */
public final class AgentRoutes {

    private final AgentRegistry store;
    private final WorkerExecutor workers;
    private final Authorizer auth;
    private final LiveEvents events;

    public AgentRoutes(AgentRegistry store, WorkerExecutor workers, Authorizer auth, LiveEvents events) {
        this.store = store;
        this.workers = workers;
        this.auth = auth;
        this.events = events;
    }

    public void mount(Router router) {
        router.get(ApiPaths.AGENTS).handler(ctx -> blocking(ctx, store::agents).onSuccess(a -> JsonBodies.send(ctx, 200, a)));
        router.post(ApiPaths.AGENT_DRAIN).handler(auth.require(Role.OPERATOR)).handler(ctx -> change(ctx, "drained", true));
        router.post(ApiPaths.AGENT_UNDRAIN).handler(auth.require(Role.OPERATOR)).handler(ctx -> change(ctx, "drained", false));
        router.post(ApiPaths.AGENT_UNQUARANTINE).handler(auth.require(Role.OPERATOR)).handler(ctx -> change(ctx, "quarantine lifted", true));
    }

    private void change(RoutingContext ctx, String what, boolean value) {
        String id = ctx.pathParam("agent");
        if (!AgentId.isValid(id)) {
            throw new BadRequest("agent", "agent must be an agent id: " + AgentId.RULE);
        }
        Callable<Boolean> work = what.equals("quarantine lifted") ? () -> store.liftQuarantine(id) : () -> store.setDrained(id, value);
        blocking(ctx, work).onSuccess(found -> {
            if (!found) {
                JsonBodies.error(ctx, 404, "no agent " + id, "agent");
                return;
            }
            events.publish("agent:" + id);
            JsonBodies.send(ctx, 200, Map.of("agent", id, what, value));
        });
    }

    private <T> io.vertx.core.Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return workers.executeBlocking(work, false).onFailure(ctx::fail);
    }
}
