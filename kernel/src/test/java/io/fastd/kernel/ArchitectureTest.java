package io.fastd.kernel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The kernel's package structure (README "Architecture"): no cycle between its packages, and the
 * API packages depend on no internals.
 */
class ArchitectureTest {

    private static final JavaClasses KERNEL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.fastd.kernel");

    /** Every kernel package, the root {@code io.fastd.kernel} included, is a slice of its own. */
    private static final ArchRule NO_CYCLES = slices().matching("io.fastd.(**)").should().beFreeOfCycles();

    @Test
    void theKernelsPackagesFormNoCycle() {
        assertThat(KERNEL.containPackage("io.fastd.kernel.server.internal.manager")).isTrue();
        NO_CYCLES.check(KERNEL);
    }

    @Test
    void theHandlerApiAndTheFacadeDependOnNoInternalsButTheFacadeBuildsThem() {
        noClasses().that().resideInAnyPackage("io.fastd.kernel.server.api..", "io.fastd.kernel.worker..",
                        "io.fastd.kernel.config..", "io.fastd.kernel.provider..")
                .should().dependOnClassesThat().resideInAPackage("io.fastd.kernel..internal..")
                .check(KERNEL);
    }

    @Test
    void theInternalLayersDependOnlyDownwards() {
        noClasses().that().resideInAPackage("io.fastd.kernel.server.internal..")
                .should().dependOnClassesThat().resideInAPackage("io.fastd.kernel.server")
                .check(KERNEL);
        noClasses().that().resideInAPackage("io.fastd.kernel.server.internal.manager..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fastd.kernel.server.internal.network..",
                        "io.fastd.kernel.server.internal.admin..")
                .check(KERNEL);
    }

    @Test
    void aCycleIsFound() {
        // The rule is not vacuous: two test fixture packages that name each other are a cycle.
        JavaClasses withCycle = new ClassFileImporter().importClasses(
                io.fastd.kernel.archfixture.a.Ping.class, io.fastd.kernel.archfixture.b.Pong.class);
        assertThat(NO_CYCLES.evaluate(withCycle).hasViolation()).isTrue();
    }
}
