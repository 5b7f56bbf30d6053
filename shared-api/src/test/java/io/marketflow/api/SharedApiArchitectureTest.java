package io.marketflow.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.marketflow.api.tenancy.TenantScopedQuery;

@AnalyzeClasses(packages = "io.marketflow.api", importOptions = ImportOption.DoNotIncludeTests.class)
class SharedApiArchitectureTest {

    @ArchTest
    static final ArchRule messagesDependOnNoFramework = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "jakarta.persistence..", "org.hibernate..", "com.fasterxml..")
            .because("shared-api holds plain messages that both sides read");

    @ArchTest
    static final ArchRule everyQueryCarriesItsTenant = classes()
            .that().haveSimpleNameEndingWith("Query").and().areNotInterfaces()
            .should().implement(TenantScopedQuery.class).andShould().beRecords()
            .because("a query that names no tenant cannot be checked against the caller");

    @ArchTest
    static final ArchRule messagesAreRecords = classes()
            .that().resideOutsideOfPackages("io.marketflow.api.tenancy", "io.marketflow.api.audit")
            .and().areTopLevelClasses().and().areNotInterfaces().and().areNotEnums()
            .and().doNotHaveSimpleName("package-info")
            .should().beRecords()
            .because("messages and views are immutable values");
}
