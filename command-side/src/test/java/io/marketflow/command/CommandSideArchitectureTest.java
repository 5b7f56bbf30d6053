package io.marketflow.command;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.marketflow.api.application.ApplicationId;
import io.marketflow.api.market.MarketId;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.EntityId;
import org.axonframework.spring.stereotype.Aggregate;

@AnalyzeClasses(packages = "io.marketflow.command", importOptions = ImportOption.DoNotIncludeTests.class)
class CommandSideArchitectureTest {

    @ArchTest
    static final ArchRule aggregatesReadNoClockAndMakeNoIds = noClasses()
            .that().areAnnotatedWith(Aggregate.class)
            .or().containAnyFieldsThat(com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates
                    .annotatedWith(EntityId.class))
            .should().callMethod(Instant.class, "now")
            .orShould().dependOnClassesThat().areAssignableTo(Clock.class)
            .orShould().callMethod(UUID.class, "randomUUID")
            .orShould().callMethod(MarketId.class, "random")
            .orShould().callMethod(ApplicationId.class, "random")
            .because("replaying an aggregate's events must rebuild exactly the same state: time and ids come in with "
                    + "the command");

    @ArchTest
    static final ArchRule theCommandSideNeverReadsTheQuerySide = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("io.marketflow.query..", "org.axonframework.queryhandling..")
            .because("commands are decided by aggregates alone, never by read models");
}
