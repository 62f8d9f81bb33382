package dev.skyport.dynamo.model;

import java.math.BigDecimal;

/** DynamoDB's number rules: 38 significant digits, magnitude between 1E-130 and 9.99..E+125. */
public final class Numbers {

    /** Longer text (leading or trailing zeros, or too many digits) is shortened before it is parsed. */
    private static final int LONG_TEXT = 128;
    private static final int MAX_DIGITS = 38;

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
            // BigDecimal reads n digits in time growing with n squared: minutes for a few megabytes.
            value = new BigDecimal(text.length() > LONG_TEXT ? compact(text.strip()) : text.strip());
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

    /**
     * The same number as shorter text, in one pass: leading and trailing zeros dropped, and more than 38
     * significant digits replaced by 39 ones at the same magnitude, which {@link #check} refuses with the
     * same message (overflow and underflow go by the magnitude, and are checked first).
     */
    static String compact(String text) {
        int i = 0;
        int n = text.length();
        boolean negative = false;
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i++) == '-';
        }
        int digits = 0;
        int beforePoint = -1;
        int first = -1;
        int last = -1;
        StringBuilder significant = new StringBuilder(MAX_DIGITS + 1);
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c == '.' && beforePoint < 0) {
                beforePoint = digits;
            } else if (c >= '0' && c <= '9') {
                if (c != '0') {
                    if (first < 0) {
                        first = digits;
                    }
                    last = digits;
                }
                if (first >= 0 && digits - first <= MAX_DIGITS) {
                    significant.append(c);
                }
                digits++;
            } else {
                break;
            }
        }
        if (digits == 0) {
            throw new NumberFormatException();
        }
        if (beforePoint < 0) {
            beforePoint = digits;
        }
        long exponent = 0;
        if (i < n) {
            char e = text.charAt(i++);
            if (e != 'e' && e != 'E' || i == n) {
                throw new NumberFormatException();
            }
            // Parsed as BigDecimal does: an exponent outside an int cannot be converted.
            exponent = Integer.parseInt(text, i, n, 10);
        }
        if (first < 0) {
            return "0";
        }
        int count = last - first + 1;
        String mantissa = count > MAX_DIGITS ? "1".repeat(MAX_DIGITS + 1) : significant.substring(0, count);
        // The first significant digit is worth 10^(beforePoint - first - 1 + exponent).
        long magnitude = beforePoint - first - 1L + exponent;
        return (negative ? "-" : "") + mantissa + "E" + (magnitude - (mantissa.length() - 1));
    }
}
