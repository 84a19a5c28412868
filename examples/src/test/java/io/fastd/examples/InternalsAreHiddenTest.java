package io.fastd.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * Only the kernel's API is visible to host apps (README "Architecture"): no main class outside the
 * kernel (examples, providers, pool-mysql, the testing kit) depends on an {@code internal} package.
 * This module sees every other one, so the check runs here.
 */
class InternalsAreHiddenTest {

    private static final ArchRule NO_INTERNALS = noClasses().that().resideOutsideOfPackage("io.fastd.kernel..")
            .should().dependOnClassesThat().resideInAPackage("io.fastd.kernel..internal..");

    @Test
    void noMainClassOutsideTheKernelUsesItsInternals() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.fastd");
        assertThat(main.stream().map(type -> type.getPackageName()).distinct())
                .as("every module outside the kernel is imported")
                .contains("io.fastd.examples", "io.fastd.providers", "io.fastd.pool.mysql", "io.fastd.testing");
        assertThat(main.containPackage("io.fastd.kernel.worker.internal")).as("the worker internals are among the hidden")
                .isTrue();
        NO_INTERNALS.check(main);
    }

    @Test
    void aTestThatReachesIntoTheAdminFilesIsCaught() {
        // Tests are exempt on purpose (the reliability suite checks the PID file itself); the rule still sees one.
        JavaClasses test = new ClassFileImporter().importPackages("io.fastd.examples.reliability"); // SecondStartTest
        assertThat(NO_INTERNALS.evaluate(test).hasViolation()).isTrue();
    }
}
