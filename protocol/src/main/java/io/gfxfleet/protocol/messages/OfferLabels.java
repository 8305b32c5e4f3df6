package io.gfxfleet.protocol.messages;

/**
 * The labels a job's platform, Python version and image become, so that the one label match the
 * scheduler already does (a job's required labels ⊆ an agent's labels) also matches those: a
 * Windows job requires {@code platform=windows}, which only an agent offering Windows has.
 * The orchestrator adds them to jobs and to agents' offers; agents never send them as labels.
 */
public final class OfferLabels {
    private OfferLabels() {}

    public static String platform(String platform) {
        return "platform=" + platform;
    }

    public static String python(String version) {
        return "python=" + version;
    }

    public static String image(String label) {
        return "image=" + label;
    }
}
