package dev.skyport.dynamo.model;

import java.math.BigDecimal;
import java.math.BigInteger;

/** DynamoDB's number rules: 38 significant digits, magnitude between 1E-130 and 9.99..E+125. */
public final class Numbers {

    /** Longer text (leading or trailing zeros, or too many digits) is read by {@link #readLong}. */
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
            if (text.length() > LONG_TEXT) {
                return readLong(text.strip());
            }
            value = new BigDecimal(text.strip());
            return check(value);
        } catch (NumberFormatException | ArithmeticException e) {
            throw DynamoException.validation("The parameter cannot be converted to a numeric value: " + text);
        }
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
     * Reads long number text in one pass as {@code check(new BigDecimal(text))} would, without handing
     * BigDecimal the digits: leading and trailing zeros are counted, not read, and more than 38
     * significant digits fail on the magnitude or precision they have. The exponent and scale follow
     * BigDecimal's rules (and its int arithmetic), so every answer is the same.
     */
    static BigDecimal readLong(String text) {
        int i = 0;
        int n = text.length();
        boolean negative = false;
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i++) == '-';
        }
        long digits = 0;
        long fractionDigits = 0;
        boolean point = false;
        long first = -1;
        long last = -1;
        StringBuilder significant = new StringBuilder(MAX_DIGITS + 1);
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c == '.' && !point) {
                point = true;
                continue;
            }
            if (c < '0' || c > '9') {
                break;
            }
            if (c != '0') {
                if (first < 0) {
                    first = digits;
                }
                last = digits;
            }
            if (first >= 0 && significant.length() <= MAX_DIGITS) {
                significant.append(c);
            }
            digits++;
            if (point) {
                fractionDigits++;
            }
        }
        if (digits == 0) {
            throw new NumberFormatException();
        }
        long exponent = i < n ? exponent(text, i) : 0;
        long scale = fractionDigits - exponent;
        if (scale != (int) scale) {
            throw new NumberFormatException("scale out of range");
        }
        if (first < 0) {
            return BigDecimal.ZERO;
        }
        // As stripTrailingZeros leaves it; it fails (cannot be converted) when the scale leaves an int.
        long stripped = scale - (digits - 1 - last);
        if (stripped != (int) stripped) {
            throw new ArithmeticException("underflow");
        }
        int precision = (int) (last - first + 1);
        if (precision <= MAX_DIGITS) {
            BigInteger unscaled = new BigInteger(significant.substring(0, precision));
            return check(new BigDecimal(negative ? unscaled.negate() : unscaled, (int) stripped));
        }
        int magnitude = precision - (int) stripped - 1;
        if (magnitude > 125) {
            throw DynamoException.validation(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (magnitude < -130) {
            throw DynamoException.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        throw DynamoException.validation("Attempting to store more than 38 significant digits in a Number");
    }

    /** BigDecimal's exponent: e or E, a sign, and at most 10 digits after leading zeros. */
    private static long exponent(String text, int at) {
        char e = text.charAt(at++);
        if (e != 'e' && e != 'E' || at == text.length()) {
            throw new NumberFormatException();
        }
        boolean negative = text.charAt(at) == '-';
        if (negative || text.charAt(at) == '+') {
            at++;
        }
        while (text.length() - at > 10 && text.charAt(at) == '0') {
            at++;
        }
        if (at == text.length() || text.length() - at > 10) {
            throw new NumberFormatException();
        }
        long value = 0;
        for (; at < text.length(); at++) {
            char c = text.charAt(at);
            if (c < '0' || c > '9') {
                throw new NumberFormatException();
            }
            value = value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }
}
