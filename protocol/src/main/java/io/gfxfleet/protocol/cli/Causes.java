package io.gfxfleet.protocol.cli;

import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Names what went wrong in a throwable's cause chain in a few words, never "null": a refused
 * connection, an unknown host and an unreachable network need different fixes, and the JDK's
 * HTTP client often wraps them in an exception without a message of its own.
 */
public final class Causes {
    /** How a connection attempt failed. */
    public enum Network {
        REFUSED("connection refused (nothing listens there: is it running, is the port right?)"),
        UNKNOWN_HOST("unknown host (check the host name in the URL)"),
        UNREACHABLE("network unreachable (no route to the host: check the network or firewall)"),
        TIMED_OUT("timed out (the host did not answer: check the network or firewall)");

        private final String text;

        Network(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private Causes() {}

    /** The network failure in the chain, if there is one. */
    public static Optional<Network> network(Throwable t) {
        for (Throwable c : chain(t)) {
            if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
                return Optional.of(Network.UNKNOWN_HOST);
            }
            if (c instanceof NoRouteToHostException || c instanceof PortUnreachableException) {
                return Optional.of(Network.UNREACHABLE);
            }
            if (c instanceof HttpConnectTimeoutException || c instanceof SocketTimeoutException || c instanceof HttpTimeoutException) {
                return Optional.of(Network.TIMED_OUT);
            }
            if (c instanceof ConnectException && !(c instanceof BindException)) {
                String m = String.valueOf(c.getMessage()).toLowerCase();
                if (m.contains("unreachable") || m.contains("no route")) {
                    return Optional.of(Network.UNREACHABLE);
                }
                if (m.contains("timed out")) {
                    return Optional.of(Network.TIMED_OUT);
                }
                // The JDK HTTP client's ConnectException for a refused connection has no message;
                // a wrapped UnresolvedAddressException further down means an unknown host.
                if (c.getCause() == null || network(c.getCause()).isEmpty()) {
                    return Optional.of(Network.REFUSED);
                }
            }
        }
        return Optional.empty();
    }

    /** One line for the chain: the network failure if any, else each distinct message, outermost first. */
    public static String describe(Throwable t) {
        Optional<Network> n = network(t);
        if (n.isPresent()) {
            return n.get().text();
        }
        StringBuilder out = new StringBuilder();
        Set<String> seen = new HashSet<>();
        for (Throwable c : chain(t)) {
            String m = c.getMessage();
            String text = m == null || m.isBlank() ? c.getClass().getSimpleName() : m.strip().lines().findFirst().orElse("");
            if (seen.stream().noneMatch(s -> s.contains(text))) {
                if (!out.isEmpty()) {
                    out.append(": ");
                }
                out.append(text);
                seen.add(text);
            }
        }
        return out.toString();
    }

    static Iterable<Throwable> chain(Throwable t) {
        java.util.List<Throwable> out = new java.util.ArrayList<>();
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            out.add(c);
        }
        return out;
    }
}
