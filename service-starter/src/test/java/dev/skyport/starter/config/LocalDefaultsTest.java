package dev.skyport.starter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.mock.env.MockEnvironment;

class LocalDefaultsTest {

    @Test
    void refusesAShippedLocalValueOrNoneOutsideTheLocalProfileInOneLine() {
        MockEnvironment production = new MockEnvironment();
        assertThatThrownBy(() -> LocalDefaults.refuseOutsideLocal(production, "skyport.pagination.cursor-secret",
                "SKYPORT_CURSOR_SECRET", "local-cursor-secret-change-me-outside-local"))
                .isInstanceOf(LocalDefaultRefusedException.class)
                .hasMessage("skyport.pagination.cursor-secret is still its shipped local value outside the local "
                        + "profile: set SKYPORT_CURSOR_SECRET (skyport.pagination.cursor-secret) to a random secret of "
                        + "32 or more characters");
        assertThatThrownBy(() -> LocalDefaults.refuseOutsideLocal(production, "p", "V", " "))
                .hasMessageStartingWith("p is not set outside the local profile: set V (p)");
        assertThatNoException().isThrownBy(() -> LocalDefaults.refuseOutsideLocal(production, "p", "V",
                "a8f0c1d2e3b4a5968778695a4b3c2d1e"));
    }

    @Test
    void acceptsTheShippedValuesInTheLocalProfile() {
        MockEnvironment local = new MockEnvironment();
        local.setActiveProfiles("local");
        assertThatNoException()
                .isThrownBy(() -> LocalDefaults.refuseOutsideLocal(local, "p", "V", "local-service-secret"));
    }

    @Test
    void theFailureReportIsTheRefusalsLine() {
        LocalDefaultRefusedException refusal = new LocalDefaultRefusedException("p is not set: set V (p)");
        var analysis = new LocalDefaultsFailureAnalyzer().analyze(new BeanCreationException("codec", refusal));
        assertThat(analysis.getDescription()).isEqualTo("p is not set: set V (p)");
        assertThat(analysis.getAction()).contains("SPRING_PROFILES_ACTIVE=local");
    }
}
