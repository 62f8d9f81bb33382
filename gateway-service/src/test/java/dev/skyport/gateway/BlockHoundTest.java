package dev.skyport.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.skyport.gateway.support.NonBlockingGuard;
import reactor.core.publisher.Mono;

/** BlockHound is live in this JVM (JDK 25): a blocking call on a non-blocking thread is caught. */
class BlockHoundTest {

    @Test
    void catchesABlockingCallOnANonBlockingThread() {
        NonBlockingGuard.install();
        assertThatThrownBy(() -> Mono.delay(Duration.ofMillis(1)).doOnNext(tick -> {
            try {
                Thread.sleep(1);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).block(Duration.ofSeconds(5))).hasMessageContaining("Blocking call");
    }
}
