package dev.skyport.users.user;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A sign-up whose password passes the {@link PasswordPolicy}. Class-level because the rules look at the e-mail
 * and the name too; every violation is reported on the {@code password} field.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = AcceptablePassword.Validator.class)
public @interface AcceptablePassword {

    String message() default "is not acceptable";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<AcceptablePassword, SignUpRequest> {

        // Stateless and cheap; a shared instance keeps this validator usable outside Spring's factory too.
        private static final PasswordPolicy POLICY = new PasswordPolicy();

        @Override
        public boolean isValid(SignUpRequest request, ConstraintValidatorContext context) {
            if (request == null || request.password() == null) {
                return true; // @NotNull on the field reports it
            }
            var reasons = POLICY.violations(request.password(), request.email(), request.name());
            if (reasons.isEmpty()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            for (String reason : reasons) {
                context.buildConstraintViolationWithTemplate(reason.replace("{", "\\{").replace("$", "\\$"))
                        .addPropertyNode("password").addConstraintViolation();
            }
            return false;
        }
    }
}
