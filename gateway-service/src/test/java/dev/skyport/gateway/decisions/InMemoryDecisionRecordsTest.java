package dev.skyport.gateway.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Without Redis, records live in a bounded, expiring map: a flood of refusals cannot grow the heap. */
class InMemoryDecisionRecordsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final InMemoryDecisionRecords records = new InMemoryDecisionRecords(Duration.ofHours(1), 100, nanos::get);

    @Test
    void keepsNoMoreThanMaxRecordsWhateverIsWritten() {
        for (int i = 0; i < 10_000; i++) {
            records.save("flood-" + i, "{\"status\":429}").block();
        }
        assertThat(records.size()).isLessThanOrEqualTo(100);
    }

    @Test
    void forgetsARecordOnceItsTimeIsUp() {
        records.save("r-1", "{\"status\":401}").block();
        nanos.addAndGet(Duration.ofMinutes(59).toNanos());
        assertThat(records.find("r-1").block()).isEqualTo("{\"status\":401}");
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(records.find("r-1").block()).isNull();
    }
}
