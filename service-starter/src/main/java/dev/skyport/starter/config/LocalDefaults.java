package dev.skyport.starter.config;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Secrets shipped for a developer's machine (every one of them begins with {@code local-}: the starter's defaults,
 * run.sh's and compose's) are refused outside the {@code local} profile, so a deployment that forgot one does not
 * start with a value anyone can read in the repository. The failure is one line naming the setting to give
 * ({@link LocalDefaultsFailureAnalyzer}).
 */
public final class LocalDefaults {

    public static final String LOCAL_PROFILE = "local";
    public static final String LOCAL_VALUE_PREFIX = "local-";

    private LocalDefaults() {
    }

    public static boolean isLocal(Environment environment) {
        return environment.acceptsProfiles(Profiles.of(LOCAL_PROFILE));
    }

    /**
     * Refuses {@code value} of {@code property} (set through {@code variable}) when it is missing or a shipped local
     * value and the local profile is off.
     */
    public static void refuseOutsideLocal(Environment environment, String property, String variable, String value) {
        if (isLocal(environment)) {
            return;
        }
        if (value == null || value.isBlank() || value.startsWith(LOCAL_VALUE_PREFIX)) {
            throw new LocalDefaultRefusedException(("%s is %s outside the local profile: set %s (%s) to a random "
                    + "secret of 32 or more characters").formatted(property,
                            value == null || value.isBlank() ? "not set" : "still its shipped local value",
                            variable, property));
        }
    }
}
