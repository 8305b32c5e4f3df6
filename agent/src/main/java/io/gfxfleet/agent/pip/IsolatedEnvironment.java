package io.gfxfleet.agent.pip;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment every Python process of a job gets. Runners carry pip configuration of their
 * own (global config files, {@code PIP_*} variables adding indexes, find-links and constraints);
 * any of it would let a package from elsewhere slip into the two-index install, and pip's
 * isolated sdist build reads the variables even under {@code --isolated}. So: no {@code PIP_*},
 * no config file, no user site, and the venv first on PATH.
 */
public final class IsolatedEnvironment {
    private IsolatedEnvironment() {}

    static final String TARGET_PIN = "ROCM_SDK_TARGET_FAMILY";

    /**
     * @param target the gfx target to pin {@code rocm_sdk}'s choice to (e.g. {@code gfx942}), or null to
     *               leave it to its own detection. Never a family name: a kpack distribution's
     *               "families" are gfx targets, and it refuses a family name.
     */
    public static Map<String, String> forVenv(Map<String, String> base, Path venv, String target) {
        Map<String, String> env = new HashMap<>();
        base.forEach((k, v) -> {
            if (!k.startsWith("PIP_") && !k.equals("PYTHONPATH") && !k.equals("PYTHONHOME") && !k.equals("VIRTUAL_ENV")
                    && !k.startsWith("ROCM_SDK_")) {
                env.put(k, v);
            }
        });
        env.put("PIP_CONFIG_FILE", "/dev/null");
        env.put("PIP_DISABLE_PIP_VERSION_CHECK", "1");
        env.put("PIP_NO_INPUT", "1");
        env.put("PYTHONNOUSERSITE", "1");
        env.put("PYTHONUNBUFFERED", "1");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        if (venv != null) {
            env.put("VIRTUAL_ENV", venv.toString());
            env.put("PATH", venv.resolve("bin") + java.io.File.pathSeparator + base.getOrDefault("PATH", "/usr/bin:/bin"));
        }
        if (target != null) {
            // Pins rocm_sdk's target detection on multi-GPU machines and without a GPU.
            env.put(TARGET_PIN, target);
        }
        return env;
    }

    /** The target an environment made by {@link #forVenv} pins, or null. */
    public static String pinnedTarget(Map<String, String> env) {
        return env.get(TARGET_PIN);
    }
}
