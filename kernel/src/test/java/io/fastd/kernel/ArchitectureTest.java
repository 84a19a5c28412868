package io.fastd.kernel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The kernel's package structure (README "Architecture"): no cycle between its packages, the API
 * packages depend on no internals, and no public or protected member outside the internals shows
 * an internal type.
 */
class ArchitectureTest {

    private static final JavaClasses KERNEL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.fastd.kernel");

    /** Every kernel package, the root {@code io.fastd.kernel} included, is a slice of its own. */
    private static final ArchRule NO_CYCLES = slices().matching("io.fastd.(**)").should().beFreeOfCycles();

    /**
     * What a host app can call names no internal type: the public and protected fields, methods
     * and constructors of public classes outside {@code ..internal..} take, return and hold none.
     */
    private static final ArchRule NO_INTERNAL_TYPE_IN_THE_API = classes().that().resideOutsideOfPackage("..internal..")
            .and().arePublic().should(new ArchCondition<JavaClass>("expose no ..internal.. type in a public or protected member") {
                @Override
                public void check(JavaClass owner, ConditionEvents events) {
                    for (JavaMember member : owner.getMembers()) {
                        Set<JavaModifier> modifiers = member.getModifiers();
                        if (!modifiers.contains(JavaModifier.PUBLIC) && !modifiers.contains(JavaModifier.PROTECTED)) {
                            continue;
                        }
                        for (JavaClass type : exposedTypes(member)) {
                            if (type.getPackageName().matches("(.*\\.)?internal(\\..*)?")) {
                                events.add(SimpleConditionEvent.violated(member, member.getFullName() + " exposes " + type.getName()));
                            }
                        }
                    }
                }
            });

    private static Set<JavaClass> exposedTypes(JavaMember member) {
        Set<JavaClass> types = new LinkedHashSet<>();
        if (member instanceof JavaField field) {
            types.addAll(field.getType().getAllInvolvedRawTypes());
        } else if (member instanceof JavaCodeUnit code) {
            types.addAll(code.getReturnType().getAllInvolvedRawTypes());
            code.getParameterTypes().forEach(parameter -> types.addAll(parameter.getAllInvolvedRawTypes()));
        }
        return types;
    }

    @Test
    void noPublicMemberOutsideTheInternalsExposesAnInternalType() {
        NO_INTERNAL_TYPE_IN_THE_API.check(KERNEL);
    }

    @Test
    void anExposedInternalTypeIsFound() {
        // The rule is not vacuous: a public method returning a list of an internal type is found,
        // a package-private one is not.
        JavaClasses exposing = new ClassFileImporter().importClasses(
                io.fastd.kernel.archfixture.c.Exposer.class, io.fastd.kernel.archfixture.c.internal.Hidden.class);
        var result = NO_INTERNAL_TYPE_IN_THE_API.evaluate(exposing);
        assertThat(result.getFailureReport().getDetails()).singleElement().asString()
                .contains("Exposer.hidden() exposes io.fastd.kernel.archfixture.c.internal.Hidden");
    }

    @Test
    void theKernelsPackagesFormNoCycle() {
        assertThat(KERNEL.containPackage("io.fastd.kernel.server.internal.manager")).isTrue();
        NO_CYCLES.check(KERNEL);
    }

    @Test
    void theHandlerApiAndTheFacadeDependOnNoInternalsButTheFacadeBuildsThem() {
        noClasses().that().resideInAnyPackage("io.fastd.kernel.server.api..", "io.fastd.kernel.worker..",
                        "io.fastd.kernel.config..", "io.fastd.kernel.provider..")
                .and().resideOutsideOfPackage("..internal..")
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
