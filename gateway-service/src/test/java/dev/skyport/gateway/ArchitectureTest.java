package dev.skyport.gateway;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

import dev.skyport.testsupport.SkyportArchitectureRules;

/**
 * The gateway's design rules: the shared ones (no service imported, no SDK in web code, nothing that blocks an
 * event loop; BlockHound in the integration tests catches at run time what slips past this at build time).
 */
@AnalyzeClasses(packages = "dev.skyport.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests skyport = ArchTests.in(SkyportArchitectureRules.class);
}
