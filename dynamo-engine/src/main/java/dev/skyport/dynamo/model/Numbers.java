package dev.skyport.dynamo.model;

import java.math.BigDecimal;

/** DynamoDB's number rules: 38 significant digits, magnitude between 1E-130 and 9.99..E+125. */
public final class Numbers {

    private Numbers() {
    }

    /** Canonical form: trailing zeros stripped, zero as plain 0. */
    public static BigDecimal canonical(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        return value.stripTrailingZeros();
    }

    /**
     * Parses number text as the service does and returns its canonical value, or throws
     * {@link DynamoException} with the service's ValidationException message.
     */
    public static BigDecimal parse(String text) {
        if (text == null || text.isEmpty()) {
            throw DynamoException.validation("The parameter cannot be converted to a numeric value");
        }
        BigDecimal value;
        try {
            char last = text.charAt(text.length() - 1);
            if (!Character.isDigit(last) && last != '.') {
                throw new NumberFormatException();
            }
            value = new BigDecimal(text.strip());
        } catch (NumberFormatException | ArithmeticException e) {
            throw DynamoException.validation("The parameter cannot be converted to a numeric value: " + text);
        }
        return check(value);
    }

    /** Checks range and precision of a parsed or computed number, with the service's messages. */
    public static BigDecimal check(BigDecimal value) {
        BigDecimal c = canonical(value);
        if (c.signum() == 0) {
            return c;
        }
        int exponent = c.precision() - c.scale() - 1;
        if (exponent > 125) {
            throw DynamoException.validation(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (exponent < -130) {
            throw DynamoException.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        if (c.precision() > 38) {
            throw DynamoException.validation("Attempting to store more than 38 significant digits in a Number");
        }
        return c;
    }
}
