package dev.skyport.dynamo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Long number text is shortened before it is read, and reads as the same number, or fails the same way. */
class NumbersTest {

    private static final List<String> SIGNS = List.of("", "-", "+");
    private static final List<String> EXPONENTS = List.of("e+5",
            "E-0000000000000000000000000000000000000000000000000000000000000007", "E2147483647", "E2147483648",
            "e-99999999999");

    @Test
    void longTextParsesAsBigDecimalWouldReadIt() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 3000; i++) {
            String text = longNumber(random);
            assertThat(parsed(text)).as("case %d of seed %dL: %s", i, seed, text).isEqualTo(readByBigDecimal(text));
        }
    }

    private static Object readByBigDecimal(String text) {
        try {
            return Numbers.check(new BigDecimal(text.strip()));
        } catch (NumberFormatException | ArithmeticException e) {
            return "The parameter cannot be converted to a numeric value: " + text;
        } catch (DynamoException e) {
            return e.getMessage();
        }
    }

    private static Object parsed(String text) {
        try {
            return Numbers.parse(text);
        } catch (DynamoException e) {
            return e.getMessage();
        }
    }

    /** Sign, leading zeros, digits, maybe a point, digits, trailing zeros, maybe an exponent: over 128 characters. */
    private static String longNumber(SplittableRandom random) {
        String text;
        do {
            String exponent = switch (random.nextInt(3)) {
                case 0 -> "";
                case 1 -> "E" + random.nextInt(-400, 401);
                default -> EXPONENTS.get(random.nextInt(EXPONENTS.size()));
            };
            text = SIGNS.get(random.nextInt(3)) + "0".repeat(random.nextInt(301)) + digits(random)
                    + (random.nextBoolean() ? "." : "") + digits(random) + "0".repeat(random.nextInt(301)) + exponent;
        } while (text.length() <= 128);
        return text;
    }

    private static String digits(SplittableRandom random) {
        char[] digits = new char[random.nextInt(61)];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = (char) ('0' + random.nextInt(10));
        }
        return new String(digits);
    }

    @Test
    void aNumberOfMillionsOfDigitsIsRefusedByItsMagnitudeOrPrecision() {
        String digits = "3".repeat(5 << 20);
        assertThatThrownBy(() -> Numbers.parse(digits)).hasMessage(
                "Number overflow. Attempting to store a number with magnitude larger than supported range");
        assertThatThrownBy(() -> Numbers.parse("0." + digits)).hasMessage(
                "Attempting to store more than 38 significant digits in a Number");
        assertThat(Numbers.parse("0".repeat(5 << 20) + "42." + "0".repeat(5 << 20))).isEqualTo(new BigDecimal("42"));
    }
}
