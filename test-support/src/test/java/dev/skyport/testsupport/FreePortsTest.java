package dev.skyport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void givesDifferentPortsWhenAskedForSeveral() {
        int[] ports = FreePorts.distinct(8);

        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(8);
    }
}
