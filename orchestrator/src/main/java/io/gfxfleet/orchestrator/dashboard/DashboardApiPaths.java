package io.gfxfleet.orchestrator.dashboard;

import io.gfxfleet.protocol.ApiPaths;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's API routes, written from protocol's {@link ApiPaths} (their one home) as the
 * script {@code /ui/api-paths.js}: {@code API_PATHS.NAME} is the route template of
 * {@code ApiPaths.NAME}, and {@code apiPath(template, ...values)} fills it as {@link ApiPaths#fill}
 * does (each value one percent-encoded segment). The pages spell no route themselves
 * (DashboardApiPathsTest holds them to it).
 */
public final class DashboardApiPaths {
    /** The script's name under /ui/. */
    public static final String SCRIPT = "api-paths.js";

    private DashboardApiPaths() {}

    /** ApiPaths' route templates by constant name, in declaration order. */
    public static Map<String, String> routes() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Field f : ApiPaths.class.getFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == String.class) {
                try {
                    out.put(f.getName(), (String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("ApiPaths." + f.getName() + " is public but unreadable", e);
                }
            }
        }
        return out;
    }

    /** The script's text. */
    public static String script() {
        StringBuilder js = new StringBuilder();
        js.append("'use strict';\n")
                .append("// Written by the orchestrator from protocol's ApiPaths: the dashboard's only source of API routes.\n")
                .append("const API_PATHS = Object.freeze({\n");
        routes().forEach((name, template) -> js.append("  ").append(name).append(": '").append(template).append("',\n"));
        js.append("});\n\n")
                .append("/** The request path of a route template: each :parameter, in order, is one encoded path segment. */\n")
                .append("function apiPath(template, ...values) {\n")
                .append("  let i = 0;\n")
                .append("  const path = template.replace(/:([A-Za-z_]+)/g, () => {\n")
                .append("    if (i >= values.length) throw new Error(template + ' needs more than ' + values.length + ' value(s)');\n")
                .append("    return encodeURIComponent(String(values[i++]));\n")
                .append("  });\n")
                .append("  if (i !== values.length) throw new Error(template + ' takes ' + i + ' value(s), got ' + values.length);\n")
                .append("  return path;\n")
                .append("}\n");
        return js.toString();
    }
}
