package dev.skyport.dynamo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;

import dev.skyport.testsupport.SkyportArchitectureRules;

/**
 * The engine's package rules: protocol, API semantics, the expression language and storage stay
 * separate, so each can be tested and changed on its own, and the engine stays a lean library; and
 * the rules every module keeps.
 */
@AnalyzeClasses(packages = "dev.skyport.dynamo", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests skyport = ArchTests.in(SkyportArchitectureRules.class);

    @ArchTest
    static final ArchRule modelDependsOnNothingOfTheEngine = noClasses()
            .that().resideInAPackage("..dynamo.model..")
            .should().dependOnClassesThat().resideInAnyPackage("..dynamo.api..", "..dynamo.expr..",
                    "..dynamo.storage..", "..dynamo.server..", "..dynamo.stream..", "..dynamo.partiql..",
                    "..dynamo.json..");

    @ArchTest
    static final ArchRule expressionsDependOnlyOnTheModel = noClasses()
            .that().resideInAPackage("..dynamo.expr..")
            .should().dependOnClassesThat().resideInAnyPackage("..dynamo.api..", "..dynamo.storage..",
                    "..dynamo.server..", "..dynamo.stream..", "..dynamo.partiql..");

    @ArchTest
    static final ArchRule storageKnowsNoProtocolOrApi = noClasses()
            .that().resideInAPackage("..dynamo.storage..")
            .should().dependOnClassesThat().resideInAnyPackage("..dynamo.api..", "..dynamo.server..",
                    "..dynamo.partiql..", "..dynamo.expr..");

    @ArchTest
    static final ArchRule onlyTheServerSpeaksHttp = noClasses()
            .that().resideOutsideOfPackages("..dynamo.server..")
            .and().doNotHaveFullyQualifiedName(DynamoEngine.class.getName())
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..");

    @ArchTest
    static final ArchRule operationsDoNotReachIntoTheServer = noClasses()
            .that().resideInAnyPackage("..dynamo.api..", "..dynamo.partiql..", "..dynamo.stream..",
                    "..dynamo.storage..", "..dynamo.expr..")
            .should().dependOnClassesThat().resideInAPackage("..dynamo.server..");

    @ArchTest
    static final ArchRule theEngineIsNotASpringApplication = noClasses()
            .should().dependOnClassesThat().resideInAPackage("org.springframework..");
}
