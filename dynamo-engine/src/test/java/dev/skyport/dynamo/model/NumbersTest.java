package dev.skyport.dynamo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Long number text is shortened before it is read, and reads as the same number, or fails the same way. */
class NumbersTest {

    @Property(tries = 3000)
    void longTextParsesAsBigDecimalWouldReadIt(@ForAll("longNumbers") String text) {
        Object expected;
        try {
            expected = Numbers.check(new BigDecimal(text.strip()));
        } catch (NumberFormatException | ArithmeticException e) {
            expected = "The parameter cannot be converted to a numeric value: " + text;
        } catch (DynamoException e) {
            expected = e.getMessage();
        }
        Object actual;
        try {
            actual = Numbers.parse(text);
        } catch (DynamoException e) {
            actual = e.getMessage();
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> longNumbers() {
        Arbitrary<String> sign = Arbitraries.of("", "-", "+");
        Arbitrary<String> zeros = Arbitraries.integers().between(0, 300).map("0"::repeat);
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(60);
        Arbitrary<String> exponent = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.integers().between(-400, 400).map(e -> "E" + e),
                Arbitraries.of("e+5", "E-0000000000000000000000000000000000000000000000000000000000000007",
                        "E2147483647", "E2147483648", "e-99999999999"));
        return Combinators.combine(sign, zeros, digits, Arbitraries.of("", "."), digits, zeros, exponent)
                .as((s, lead, whole, point, fraction, trail, e) -> s + lead + whole + point + fraction + trail + e)
                .filter(t -> t.length() > 128);
    }

    @org.junit.jupiter.api.Test
    void aNumberOfMillionsOfDigitsIsRefusedByItsMagnitudeOrPrecision() {
        String digits = "3".repeat(5 << 20);
        assertThatThrownBy(() -> Numbers.parse(digits)).hasMessage(
                "Number overflow. Attempting to store a number with magnitude larger than supported range");
        assertThatThrownBy(() -> Numbers.parse("0." + digits)).hasMessage(
                "Attempting to store more than 38 significant digits in a Number");
        assertThat(Numbers.parse("0".repeat(5 << 20) + "42." + "0".repeat(5 << 20))).isEqualTo(new BigDecimal("42"));
    }
}
