package io.gfxfleet.orchestrator.auth;

import io.gfxfleet.protocol.hash.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operator's tokens, kept only as SHA-256 hashes. File format, one token a line:
 * {@code ROLE[,ROLE] NAME SHA256-HEX [agents=ID[,ID]]} (make the hash with {@code orchestrator
 * hash-token}); blank lines and {@code #} comments are ignored. {@code agents=} binds an agent token
 * to the agent ids it may lease and register under: without it, whoever holds the token could ask
 * for work under any id (a drained agent under a fresh one) and overwrite any agent's entry. An empty registry means authentication is off
 * (the embedded demo); the service says so loudly at start.
 */
public final class TokenRegistry {
    private static final Pattern HEX64 = Pattern.compile("^[0-9a-f]{64}$");

    /** {@code agentIds} empty: not bound (any id; the service warns at start). */
    public record Principal(String name, Set<Role> roles, Set<String> agentIds) {
        public Principal(String name, Set<Role> roles) {
            this(name, roles, Set.of());
        }

        public Principal {
            agentIds = Set.copyOf(agentIds);
        }

        /** Whether this token may act as agent {@code id}. */
        public boolean mayActAs(String id) {
            return agentIds.isEmpty() || agentIds.contains(id);
        }
    }

    private final Map<String, Principal> byHash;

    private TokenRegistry(Map<String, Principal> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    public static TokenRegistry disabled() {
        return new TokenRegistry(Map.of());
    }

    public static TokenRegistry load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, Principal> byHash = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length < 3 || parts.length > 4 || !HEX64.matcher(parts[2]).matches()
                    || (parts.length == 4 && !parts[3].startsWith("agents="))) {
                throw new IOException(file + ":" + (i + 1) + ": expected 'ROLE[,ROLE] NAME SHA256-HEX [agents=ID[,ID]]'");
            }
            Set<String> agentIds = new java.util.LinkedHashSet<>();
            if (parts.length == 4) {
                for (String id : parts[3].substring("agents=".length()).split(",")) {
                    if (!io.gfxfleet.protocol.AgentId.isValid(id)) {
                        throw new IOException(file + ":" + (i + 1) + ": agent id '" + id + "' is not " + io.gfxfleet.protocol.AgentId.RULE);
                    }
                    agentIds.add(id);
                }
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            try {
                for (String r : parts[0].split(",")) {
                    roles.add(Role.parse(r));
                }
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
            if (byHash.put(parts[2], new Principal(parts[1], roles, agentIds)) != null) {
                throw new IOException(file + ":" + (i + 1) + ": the same token is listed twice");
            }
        }
        if (byHash.isEmpty()) {
            throw new IOException(file + " lists no token; leave --tokens-file out to run without authentication");
        }
        return new TokenRegistry(byHash);
    }

    /** Names of agent tokens not bound to agent ids (said loudly at start). */
    public List<String> unboundAgentTokens() {
        return byHash.values().stream().filter(p -> p.roles().contains(Role.AGENT) && p.agentIds().isEmpty())
                .map(Principal::name).sorted().toList();
    }

    public boolean enabled() {
        return !byHash.isEmpty();
    }

    public Optional<Principal> lookup(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(hash(token)));
    }

    public static String hash(String token) {
        return Sha256.of(token);
    }
}
