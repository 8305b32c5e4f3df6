package io.gfxfleet.orchestrator.publish;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The core metadata of a distribution (a wheel's {@code METADATA}, an sdist's {@code PKG-INFO}):
 * the header fields an index needs, plus the exact bytes, which a PEP 658 {@code .metadata}
 * object must reproduce.
 */
public record CoreMetadata(String name, String version, Optional<String> requiresPython, List<String> requiresDist,
                           byte[] raw) {
    public CoreMetadata {
        requiresDist = List.copyOf(requiresDist);
    }

    /**
     * Parses the RFC 822 style header block (up to the first blank line).
     *
     * @param source names the file in error messages, e.g. {@code x.whl!x.dist-info/METADATA}
     */
    public static CoreMetadata parse(byte[] raw, String source) {
        String text = new String(raw, StandardCharsets.UTF_8).replace("\r\n", "\n");
        String name = null;
        String version = null;
        String requiresPython = null;
        List<String> requiresDist = new ArrayList<>();
        String field = null;
        StringBuilder value = new StringBuilder();
        List<String[]> fields = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                break;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && field != null) {
                value.append('\n').append(line.strip());
                continue;
            }
            if (field != null) {
                fields.add(new String[]{field, value.toString()});
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new PublishRefusedException(source + ": malformed metadata line '" + line + "'");
            }
            field = line.substring(0, colon).strip();
            value = new StringBuilder(line.substring(colon + 1).strip());
        }
        if (field != null) {
            fields.add(new String[]{field, value.toString()});
        }
        for (String[] f : fields) {
            switch (f[0].toLowerCase(java.util.Locale.ROOT)) {
                case "name" -> name = f[1];
                case "version" -> version = f[1];
                case "requires-python" -> requiresPython = f[1];
                case "requires-dist" -> requiresDist.add(f[1]);
                default -> { }
            }
        }
        if (name == null || name.isBlank()) {
            throw new PublishRefusedException(source + ": metadata has no Name field");
        }
        if (version == null || version.isBlank()) {
            throw new PublishRefusedException(source + ": metadata has no Version field");
        }
        return new CoreMetadata(name, version, Optional.ofNullable(requiresPython).filter(s -> !s.isBlank()),
                requiresDist, raw.clone());
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }
}
