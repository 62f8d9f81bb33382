package dev.skyport.orders;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.skyport.testsupport.SkyportArchitectureRules;
import org.junit.jupiter.api.Test;

/** The package-by-feature rules of orders-service, as tests, and the rules every module keeps. */
@AnalyzeClasses(packages = "dev.skyport.orders", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests skyport = ArchTests.in(SkyportArchitectureRules.class);

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.skyport.orders");

    @Test
    void theOrderFeatureKnowsNothingOfTheEventsFeature() {
        noClasses().that().resideInAPackage("dev.skyport.orders.order..")
                .should().dependOnClassesThat().resideInAPackage("dev.skyport.orders.events..")
                .check(CLASSES);
    }

    @Test
    void theUsersClientKnowsNothingOfTheEventsFeature() {
        noClasses().that().resideInAPackage("dev.skyport.orders.users..")
                .should().dependOnClassesThat().resideInAPackage("dev.skyport.orders.events..")
                .check(CLASSES);
    }

    @Test
    void theSocketsKnowNothingOfHowTheReplicasShareTheStream() {
        // The fan-out ends at calling the broadcaster with a stream Record; the events package never reaches into it.
        noClasses().that().resideInAPackage("dev.skyport.orders.events")
                .should().dependOnClassesThat().resideInAPackage("dev.skyport.orders.events.fanout..")
                .check(CLASSES);
    }
}
