package io.marketflow.query;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.marketflow.api.tenancy.TenantScopedQuery;
import io.marketflow.query.tenancy.TenantReads;
import io.marketflow.edge.caller.VerifiedTenant;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

@AnalyzeClasses(packages = "io.marketflow.query", importOptions = ImportOption.DoNotIncludeTests.class)
class QuerySideArchitectureTest {

    @ArchTest
    static final ArchRule everyQueryHandlerTakesATenantScopedQueryAndTheVerifiedTenant = methods()
            .that().areAnnotatedWith(QueryHandler.class)
            .should(new ArchCondition<JavaMethod>("take a TenantScopedQuery and a VerifiedTenant") {
                @Override
                public void check(JavaMethod method, ConditionEvents events) {
                    var parameters = method.getRawParameterTypes();
                    boolean scopedQuery = !parameters.isEmpty()
                            && parameters.get(0).isAssignableTo(TenantScopedQuery.class);
                    boolean verifiedTenant = parameters.stream().anyMatch(type -> type.isEquivalentTo(VerifiedTenant.class));
                    if (!scopedQuery || !verifiedTenant) {
                        events.add(SimpleConditionEvent.violated(method, method.getFullName()
                                + " must take a TenantScopedQuery first and a VerifiedTenant parameter"));
                    }
                }
            })
            .because("a query handler that takes no verified tenant could answer for anyone");

    @ArchTest
    static final ArchRule queryHandlersHoldNoConnectionOfTheirOwn = noClasses()
            .that(declareMethodsAnnotatedWith(QueryHandler.class))
            .should().dependOnClassesThat().haveFullyQualifiedName("javax.sql.DataSource")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.jdbc.core.JdbcTemplate")
            .orShould().callMethod(JdbcClient.class, "create", javax.sql.DataSource.class)
            .because("TenantReads sets the tenant for row-level security before every read");

    @ArchTest
    static final ArchRule queryHandlersKeepNoJdbcClient = noFields()
            .that().areDeclaredInClassesThat(declareMethodsAnnotatedWith(QueryHandler.class))
            .should().haveRawType(JdbcClient.class)
            .because("the only JdbcClient a query handler may use is the one TenantReads lends inside the tenant's transaction");

    @ArchTest
    static final ArchRule projectionsDoNotReadThroughTheReaderRole = noClasses()
            .that(declareMethodsAnnotatedWith(EventHandler.class))
            .should().dependOnClassesThat().areAssignableTo(TenantReads.class)
            .because("projections write every tenant's rows under the projector role");

    @ArchTest
    static final ArchRule theQuerySideNeverTouchesTheWriteModel = noClasses()
            .should().dependOnClassesThat(resideInAnyPackage(
                    "org.axonframework.modelling.command..", "org.axonframework.eventsourcing..",
                    "io.marketflow.command.."))
            .because("the query side only reads events and answers queries");

    @ArchTest
    static final ArchRule readModelsKnowTheProjectionRuntimeOnlyByItsInterface = noClasses()
            .that().resideInAPackage("io.marketflow.query..")
            .should().dependOnClassesThat().resideInAPackage("io.marketflow.projection.(*)..")
            .because("read models see the runtime through io.marketflow.projection alone (ProjectionTables, ReadModel,"
                    + " RebuildTransaction); rebuilds, parked events, scaling and waits are its own business");

    private static DescribedPredicate<JavaClass> declareMethodsAnnotatedWith(Class<? extends java.lang.annotation.Annotation> annotation) {
        return DescribedPredicate.describe("declare methods annotated with @" + annotation.getSimpleName(),
                javaClass -> javaClass.getMethods().stream().anyMatch(method -> method.isAnnotatedWith(annotation)));
    }
}
