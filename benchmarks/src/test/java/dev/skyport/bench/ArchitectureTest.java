package dev.skyport.bench;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

import dev.skyport.testsupport.SkyportArchitectureRules;

/** The shared design rules on the benchmarks' own code (the orders benchmark stays out of the other services). */
@AnalyzeClasses(packages = {"dev.skyport.bench", "dev.skyport.dynamo.bench", "dev.skyport.orders.bench"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests skyport = ArchTests.in(SkyportArchitectureRules.class);
}
