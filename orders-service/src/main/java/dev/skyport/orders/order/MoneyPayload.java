package dev.skyport.orders.order;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.util.Currency;

/**
 * Money as it travels in JSON: {@code {"amount": "9.99", "currency": "EUR"}}. The amount is a decimal
 * string (never a binary float) with at most the currency's number of fraction digits.
 */
@MoneyPayload.Valid
public record MoneyPayload(
        @NotNull @Pattern(regexp = "^(0|[1-9][0-9]{0,11})(\\.[0-9]{1,3})?$",
                message = "must be a non-negative decimal string such as \"9.99\" (at most 12 integer digits)")
        String amount,
        @NotNull @Pattern(regexp = "^[A-Z]{3}$", message = "must be an ISO 4217 currency code such as \"EUR\"")
        String currency) {

    public static MoneyPayload of(Money money) {
        return new MoneyPayload(money.amountText(), money.currency().getCurrencyCode());
    }

    public Money toMoney() {
        return Money.of(amount, currency);
    }

    /** A currency the JDK knows as ISO 4217 with a precision (not XAU, XXX, ...), or null. */
    static Currency currencyOf(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return null;
        }
        try {
            Currency currency = Currency.getInstance(code);
            return currency.getDefaultFractionDigits() < 0 ? null : currency;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The currency is known and the amount fits its precision (EUR 2 digits, JPY none, BHD 3). */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = Validator.class)
    public @interface Valid {
        String message() default "invalid money";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    public static final class Validator implements ConstraintValidator<Valid, MoneyPayload> {

        @Override
        public boolean isValid(MoneyPayload money, ConstraintValidatorContext context) {
            if (money == null || money.currency() == null || !money.currency().matches("[A-Z]{3}")) {
                return true; // field constraints report these
            }
            Currency currency = currencyOf(money.currency());
            if (currency == null) {
                return violation(context, "currency", "is not an ISO 4217 currency code");
            }
            if (money.amount() == null || !money.amount().matches("^(0|[1-9][0-9]{0,11})(\\.[0-9]{1,3})?$")) {
                return true;
            }
            if (!Money.fitsPrecision(new BigDecimal(money.amount()), currency)) {
                return violation(context, "amount", "has more fraction digits than " + currency.getCurrencyCode()
                        + " allows (" + currency.getDefaultFractionDigits() + ")");
            }
            return true;
        }

        private static boolean violation(ConstraintValidatorContext context, String field, String message) {
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(message).addPropertyNode(field).addConstraintViolation();
            return false;
        }
    }
}
