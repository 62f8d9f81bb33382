package dev.skyport.starter.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a {@link LocalDefaultRefusedException} as its one line instead of a stack trace. */
public class LocalDefaultsFailureAnalyzer extends AbstractFailureAnalyzer<LocalDefaultRefusedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, LocalDefaultRefusedException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Values meant for a developer's machine are accepted only with SPRING_PROFILES_ACTIVE=local.",
                cause);
    }
}
