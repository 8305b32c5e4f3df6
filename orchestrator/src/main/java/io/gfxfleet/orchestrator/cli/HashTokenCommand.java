package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.orchestrator.auth.Role;
import io.gfxfleet.orchestrator.auth.TokenRegistry;
import io.gfxfleet.protocol.cli.CliFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;

/** {@code orchestrator new-token ROLE NAME}: a fresh token for a client, and the line for the tokens file. */
@Command(name = "new-token", mixinStandardHelpOptions = true,
        description = "Print a new random token (give it to the client) and its tokens-file line (keep it on the orchestrator).")
public final class HashTokenCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "agent, submitter or operator (comma-separated for several)")
    String roles;

    @Parameters(index = "1", description = "a name for logs, e.g. the runner pool")
    String name;

    @Option(names = "--quiet", description = "Print only the tokens-file line on stdout; the token goes to stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        for (String r : roles.split(",")) {
            try {
                Role.parse(r);
            } catch (IllegalArgumentException e) {
                throw CliFailure.usage(e.getMessage() + "; e.g. 'gfxfleet orchestrator new-token agent gpu-pool-1'");
            }
        }
        if (!name.matches("[A-Za-z0-9._:@-]{1,64}")) {
            throw CliFailure.usage("NAME must be 1-64 characters of [A-Za-z0-9._:@-], got '" + name + "'");
        }
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String line = roles + " " + name + " " + TokenRegistry.hash(token);
        if (quiet) {
            System.err.println(token);
            System.out.println(line);
        } else {
            System.out.println("token (give to the client): " + token);
            System.out.println("tokens-file line:           " + line);
        }
        return 0;
    }
}
