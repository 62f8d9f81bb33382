package dev.skyport.orders.order;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/**
 * The body of {@code POST /api/orders}. Totals are never taken from the client; every line must use the
 * same currency.
 */
@PlaceOrderRequest.OneCurrency
public record PlaceOrderRequest(
        @NotNull @Size(min = 1, max = 100, message = "must have between 1 and 100 lines")
        List<@NotNull @Valid Line> lines,
        @Valid ShippingAddress shippingAddress) {

    public record Line(
            @NotNull @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
                    message = "must be 1 to 64 letters, digits, '.', '_' or '-'")
            String sku,
            @NotNull @Min(1) @Max(1000) Integer quantity,
            @NotNull @Valid MoneyPayload unitPrice) {
    }

    /** Every line is priced in the currency of the first, so the order has one total. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = OneCurrencyValidator.class)
    public @interface OneCurrency {
        String message() default "must be the currency of the first line";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    public static final class OneCurrencyValidator implements ConstraintValidator<OneCurrency, PlaceOrderRequest> {
        @Override
        public boolean isValid(PlaceOrderRequest request, ConstraintValidatorContext context) {
            if (request == null || request.lines() == null) {
                return true;
            }
            String first = null;
            boolean valid = true;
            for (int i = 0; i < request.lines().size(); i++) {
                Line line = request.lines().get(i);
                String currency = line == null || line.unitPrice() == null ? null : line.unitPrice().currency();
                if (currency == null) {
                    continue;
                }
                if (first == null) {
                    first = currency;
                } else if (!first.equals(currency)) {
                    if (valid) {
                        context.disableDefaultConstraintViolation();
                    }
                    valid = false;
                    context.buildConstraintViolationWithTemplate("must be " + first + ", the currency of the first line")
                            .addPropertyNode("lines").addPropertyNode("unitPrice").inIterable().atIndex(i)
                            .addPropertyNode("currency").addConstraintViolation();
                }
            }
            return valid;
        }
    }
}
