package dev.skyport.defaults;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

import dev.skyport.testsupport.SkyportArchitectureRules;

/** The shared design rules, on the defaults core both stacks build on (it knows no service). */
@AnalyzeClasses(packages = "dev.skyport.defaults", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests skyport = ArchTests.in(SkyportArchitectureRules.class);
}
