package io.gfxfleet.orchestrator.publish;

/**
 * Keys of an {@link ObjectTarget}: relative, '/'-separated, no empty, '.' or '..' segments. A key
 * ending in '/' names a "folder page" (a PEP 503 page such as {@code python-deps/simple/}).
 */
public final class ObjectKey {
    private ObjectKey() {}

    public static String require(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("object key is empty");
        }
        if (key.startsWith("/") || key.contains("\\") || key.contains("\0")) {
            throw new IllegalArgumentException("object key must be relative and '/'-separated: '" + key + "'");
        }
        String body = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        for (String seg : body.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new IllegalArgumentException("object key has an empty, '.' or '..' segment: '" + key + "'");
            }
        }
        return key;
    }

    public static boolean isFolderPage(String key) {
        return key.endsWith("/");
    }
}
