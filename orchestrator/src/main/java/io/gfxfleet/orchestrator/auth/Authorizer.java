package io.gfxfleet.orchestrator.auth;

import io.gfxfleet.protocol.json.Json;
import io.gfxfleet.protocol.messages.ApiError;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Route guards: a bearer token whose principal has one of the required roles, or 401/403. */
public final class Authorizer {
    private final TokenRegistry registry;

    public Authorizer(TokenRegistry registry) {
        this.registry = registry;
    }

    public Handler<RoutingContext> require(Role first, Role... more) {
        Set<Role> allowed = EnumSet.of(first, more);
        return ctx -> {
            if (!registry.enabled()) {
                ctx.next();
                return;
            }
            String header = ctx.request().getHeader("Authorization");
            String token = header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : null;
            Optional<TokenRegistry.Principal> who = registry.lookup(token);
            if (who.isEmpty()) {
                deny(ctx, 401, token == null ? "missing bearer token" : "unknown token");
            } else if (who.get().roles().stream().noneMatch(allowed::contains)) {
                deny(ctx, 403, "token '" + who.get().name() + "' may not do this (needs " + allowed + ")");
            } else {
                ctx.put("principal", who.get().name());
                ctx.next();
            }
        };
    }

    private static void deny(RoutingContext ctx, int status, String message) {
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .putHeader("WWW-Authenticate", "Bearer")
                    .end(Json.MAPPER.writeValueAsString(new ApiError(message, "authorization")));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
