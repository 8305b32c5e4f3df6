package io.gfxfleet.protocol.pep;

import java.util.Locale;
import java.util.regex.Pattern;

/** PEP 503 project-name normalisation and PEP 508 name validity. */
public final class ProjectName {
    private static final Pattern VALID = Pattern.compile("^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", Pattern.CASE_INSENSITIVE);
    private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

    private ProjectName() {}

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** {@code Rocm_SDK.core} becomes {@code rocm-sdk-core}. */
    public static String normalize(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("invalid project name: '" + name + "'");
        }
        return SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
    }

    /** True for the packages a run index may hold and the deps index must not: rocm and rocm-sdk-*, rocm-profiler. */
    public static boolean isRocmPackage(String name) {
        String n = normalize(name);
        return n.equals("rocm") || n.startsWith("rocm-sdk-") || n.equals("rocm-sdk") || n.equals("rocm-profiler");
    }
}
