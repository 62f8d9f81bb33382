package dev.skyport.starter;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

import dev.skyport.testsupport.SkyportArchitectureRules;

/** The starter's design rules: the shared ones (it knows no service; its web code leaves the SDK alone). */
@AnalyzeClasses(packages = "dev.skyport.starter", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests skyport = ArchTests.in(SkyportArchitectureRules.class);
}
