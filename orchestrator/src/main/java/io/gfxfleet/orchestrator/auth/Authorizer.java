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
    /** Where the authenticated principal is kept on the routing context. */
    public static final String PRINCIPAL = "principal";
    private final TokenRegistry registry;

    public Authorizer(TokenRegistry registry) {
        this.registry = registry;
    }

    public boolean enabled() {
        return registry.enabled();
    }

    /**
     * Authentication alone (any known token), done before a body is read so that a client
     * without a token cannot make the server buffer anything; answers 401 and returns false.
     */
    public boolean authenticate(RoutingContext ctx) {
        if (!registry.enabled() || ctx.get(PRINCIPAL) != null) {
            return true;
        }
        String token = bearer(ctx);
        Optional<TokenRegistry.Principal> who = registry.lookup(token);
        if (who.isEmpty()) {
            deny(ctx, 401, token == null ? "missing bearer token" : "unknown token");
            return false;
        }
        ctx.put(PRINCIPAL, who.get());
        return true;
    }

    public Handler<RoutingContext> require(Role first, Role... more) {
        Set<Role> allowed = EnumSet.of(first, more);
        return ctx -> {
            if (!registry.enabled()) {
                ctx.next();
                return;
            }
            if (!authenticate(ctx)) {
                return;
            }
            TokenRegistry.Principal who = ctx.get(PRINCIPAL);
            if (who.roles().stream().noneMatch(allowed::contains)) {
                deny(ctx, 403, "token '" + who.name() + "' may not do this (needs " + allowed + ")");
            } else {
                ctx.next();
            }
        };
    }

    /** The principal of this request, or null when authentication is off. */
    public static TokenRegistry.Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    private static String bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        return header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : null;
    }

    /**
     * Answers; a body still in flight is never buffered ({@link io.gfxfleet.orchestrator.http.UnreadBody}).
     */
    public static void deny(RoutingContext ctx, int status, String message) {
        try {
            boolean unread = !ctx.request().isEnded();
            var response = ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json");
            if (status == 401) {
                response.putHeader("WWW-Authenticate", "Bearer");
            }
            response.end(Json.MAPPER.writeValueAsString(new ApiError(message, "authorization")));
            if (unread) {
                io.gfxfleet.orchestrator.http.UnreadBody.discard(ctx);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
