package dev.skyport.users;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

import dev.skyport.testsupport.SkyportArchitectureRules;

/** The package-by-feature rules of users-service, as tests, and the rules every module keeps. */
@AnalyzeClasses(packages = "dev.skyport.users", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests skyport = ArchTests.in(SkyportArchitectureRules.class);

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.skyport.users");

    /** The authorization server's features; only {@code auth.server} puts them together. */
    private static final List<String> AUTH_FEATURES = List.of("clients", "authorizations", "keys", "login");

    @Test
    void theAuthorizationServerFeaturesKnowNothingOfEachOtherOrOfTheirAssembly() {
        for (String feature : AUTH_FEATURES) {
            String[] others = AUTH_FEATURES.stream().filter(f -> !f.equals(feature))
                    .map(f -> "dev.skyport.users.auth." + f + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("dev.skyport.users.auth." + feature + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .orShould().dependOnClassesThat().resideInAPackage("dev.skyport.users.auth.server..")
                    .check(CLASSES);
        }
    }

    @Test
    void theUserDirectoryKnowsNothingOfTheAuthorizationServer() {
        noClasses().that().resideInAPackage("dev.skyport.users.user..")
                .should().dependOnClassesThat().resideInAPackage("dev.skyport.users.auth..")
                .check(CLASSES);
    }
}
