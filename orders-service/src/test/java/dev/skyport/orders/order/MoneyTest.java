package dev.skyport.orders.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void keepsTheCurrencysPrecision() {
        assertThat(Money.of("9.9", "EUR").amountText()).isEqualTo("9.90");
        assertThat(Money.of("1500", "JPY").amountText()).isEqualTo("1500");
        assertThat(Money.of("1.5", "BHD").amountText()).isEqualTo("1.500");
        assertThat(Money.of("9.99", "EUR").times(3).plus(Money.of("0.03", "EUR")).amountText()).isEqualTo("30.00");
    }

    @Test
    void refusesMoreDigitsThanTheCurrencyHas() {
        assertThatThrownBy(() -> Money.of("9.999", "EUR")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of("10.5", "JPY")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Money.of("10.50", "EUR").amountText()).isEqualTo("10.50");
    }

    @Test
    void refusesToAddAnotherCurrency() {
        assertThatThrownBy(() -> Money.of("1", "EUR").plus(Money.of("1", "USD")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesSortKeyInstantsWithAFixedWidth() {
        assertThat(SortableInstantConverter.format(Instant.parse("2026-11-26T01:02:03Z")))
                .isEqualTo("2026-11-26T01:02:03.000Z");
        assertThat(SortableInstantConverter.format(Instant.parse("2026-11-26T01:02:03.5Z")))
                .isEqualTo("2026-11-26T01:02:03.500Z");
        assertThat(SortableInstantConverter.format(Instant.parse("2026-11-26T01:02:03.123456Z")))
                .isEqualTo("2026-11-26T01:02:03.123Z");
    }
}
