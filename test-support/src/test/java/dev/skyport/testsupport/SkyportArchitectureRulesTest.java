package dev.skyport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

import dev.skyport.gateway.archfixture.BlockingFilter;
import dev.skyport.gateway.archfixture.NonBlockingFilter;
import dev.skyport.orders.archfixture.ReachesIntoUsers;
import dev.skyport.users.archfixture.UserDirectory;

/** The shared rules refuse what they are about, and only that. */
class SkyportArchitectureRulesTest {

    @Test
    void refusesAGatewayClassThatBlocks() {
        JavaClasses classes = new ClassFileImporter().importClasses(BlockingFilter.class);

        assertThat(SkyportArchitectureRules.gatewayNeverBlocksAnEventLoop.evaluate(classes).getFailureReport().getDetails())
                .singleElement().asString().contains("Mono.block()", "BlockingFilter.filter");
    }

    @Test
    void acceptsAGatewayClassThatComposes() {
        JavaClasses classes = new ClassFileImporter().importClasses(NonBlockingFilter.class);

        assertThat(SkyportArchitectureRules.gatewayNeverBlocksAnEventLoop.evaluate(classes).hasViolation()).isFalse();
    }

    @Test
    void refusesAServiceThatImportsAnother() {
        JavaClasses classes = new ClassFileImporter().importClasses(ReachesIntoUsers.class, UserDirectory.class);

        assertThat(SkyportArchitectureRules.ordersServiceImportsNoOtherService.evaluate(classes).hasViolation()).isTrue();
        assertThat(SkyportArchitectureRules.usersServiceImportsNoOtherService.evaluate(classes).hasViolation()).isFalse();
    }
}
