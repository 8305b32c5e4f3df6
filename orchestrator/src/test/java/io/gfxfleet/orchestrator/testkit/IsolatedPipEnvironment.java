package io.gfxfleet.orchestrator.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment pip must run in on machines like this project's: every {@code PIP_*} variable
 * removed (the build subprocess of an sdist reads them even under {@code --isolated}) and
 * {@code PIP_CONFIG_FILE=/dev/null}, so no global configuration adds indexes or constraints.
 */
public final class IsolatedPipEnvironment {
    private IsolatedPipEnvironment() {}

    /** This process's environment, cleaned, plus {@code extra} (which may not reintroduce PIP_* other than the config file). */
    public static Map<String, String> of(Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        System.getenv().forEach((k, v) -> {
            if (!k.startsWith("PIP_")) {
                env.put(k, v);
            }
        });
        env.put("PIP_CONFIG_FILE", "/dev/null");
        env.remove("VIRTUAL_ENV");
        env.remove("PYTHONPATH");
        env.remove("PYTHONHOME");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        extra.forEach((k, v) -> {
            if (k.startsWith("PIP_") && !k.equals("PIP_CONFIG_FILE")) {
                throw new IllegalArgumentException("pip must not get " + k + ": pass options as arguments");
            }
            env.put(k, v);
        });
        return env;
    }
}
