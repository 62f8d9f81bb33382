package dev.skyport.orders.order;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount in one ISO 4217 currency, always at the currency's own precision (EUR 2 digits, JPY 0,
 * BHD 3), so amounts compare, add and print exactly.
 */
public record Money(BigDecimal amount, Currency currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            throw new IllegalArgumentException(currency + " is not a currency with a precision");
        }
        if (amount.stripTrailingZeros().scale() > digits) {
            throw new IllegalArgumentException(amount + " has more digits than " + currency + " allows");
        }
        amount = amount.setScale(digits, RoundingMode.UNNECESSARY);
    }

    public static Money of(String amount, String currencyCode) {
        return new Money(new BigDecimal(amount), Currency.getInstance(currencyCode));
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public Money times(int quantity) {
        return new Money(amount.multiply(BigDecimal.valueOf(quantity)), currency);
    }

    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
        return new Money(amount.add(other.amount), currency);
    }

    /** The amount as a decimal string at the currency's precision, e.g. "19.90". */
    public String amountText() {
        return amount.toPlainString();
    }

    /**
     * Whether {@code text} is an amount {@code currency} can carry: a plain non-negative decimal with no
     * more fraction digits than the currency has.
     */
    public static boolean fitsPrecision(BigDecimal amount, Currency currency) {
        int digits = currency.getDefaultFractionDigits();
        return digits >= 0 && amount.stripTrailingZeros().scale() <= digits;
    }
}
