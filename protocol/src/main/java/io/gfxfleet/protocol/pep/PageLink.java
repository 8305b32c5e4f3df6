package io.gfxfleet.protocol.pep;

import java.util.Optional;

/**
 * One file link as {@link SimplePageWriter} writes it.
 *
 * @param href           the href, already percent-encoded, with its {@code #sha256=} fragment if any
 * @param text           the anchor text: the file's name
 * @param requiresPython the {@code data-requires-python} value, unescaped
 * @param metadataSha256 the digest of the PEP 658 {@code <file>.metadata} file, when one is served
 */
public record PageLink(String href, String text, Optional<String> requiresPython, Optional<String> metadataSha256) {}
