package dev.skyport.users.user;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Set;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** A string that must be a known code of its kind (null is valid: combine with {@code @NotNull} if required). */
@Documented
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidCode.Validator.class)
public @interface ValidCode {

    Kind value();

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    enum Kind {
        COUNTRY("must be an ISO 3166-1 alpha-2 country code such as GB"),
        LANGUAGE("must be a BCP 47 language tag such as en-GB"),
        TIME_ZONE("must be an IANA time zone id such as Europe/London");

        private final String message;

        Kind(String message) {
            this.message = message;
        }
    }

    class Validator implements ConstraintValidator<ValidCode, String> {

        private static final Set<String> COUNTRIES = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);

        private Kind kind;

        @Override
        public void initialize(ValidCode annotation) {
            this.kind = annotation.value();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            boolean valid = switch (kind) {
                case COUNTRY -> COUNTRIES.contains(value);
                case LANGUAGE -> isLanguageTag(value);
                case TIME_ZONE -> isZoneId(value);
            };
            if (!valid && context.getDefaultConstraintMessageTemplate().isEmpty()) {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(kind.message).addConstraintViolation();
            }
            return valid;
        }

        private static boolean isLanguageTag(String value) {
            if (value.length() > 35) {
                return false;
            }
            try {
                Locale locale = new Locale.Builder().setLanguageTag(value).build();
                return !locale.getLanguage().isEmpty();
            } catch (IllformedLocaleException e) {
                return false;
            }
        }

        private static boolean isZoneId(String value) {
            if (value.length() > 64 || !value.contains("/") && !value.equals("UTC")) {
                return false;
            }
            try {
                ZoneId.of(value);
                return true;
            } catch (DateTimeException e) {
                return false;
            }
        }
    }
}
