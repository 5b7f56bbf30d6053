package io.marketflow.command;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.marketflow.api.application.ApplicationId;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.MarketOwnerCommand;
import io.marketflow.api.market.OrganizerId;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.modelling.command.EntityId;
import org.axonframework.spring.stereotype.Aggregate;

@AnalyzeClasses(packages = "io.marketflow.command", importOptions = ImportOption.DoNotIncludeTests.class)
class CommandSideArchitectureTest {

    private static final String MARKET = "io.marketflow.command.market.Market";

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

    @ArchTest
    static final ArchRule everyOrganizerCommandOfTheMarketIsCheckedAgainstItsOwner = methods()
            .that().areDeclaredInClassesThat().haveFullyQualifiedName(MARKET).and().areAnnotatedWith(CommandHandler.class)
            .should(new ArchCondition<JavaMethod>("take a MarketOwnerCommand if their command names an organizer") {
                @Override
                public void check(JavaMethod handler, ConditionEvents events) {
                    JavaClass command = handler.getRawParameterTypes().get(0);
                    boolean namesAnOrganizer = command.getAllFields().stream()
                            .anyMatch(field -> field.getRawType().isEquivalentTo(OrganizerId.class));
                    if (namesAnOrganizer && !command.isAssignableTo(MarketOwnerCommand.class)) {
                        events.add(SimpleConditionEvent.violated(handler, command.getName() + " names an organizer"
                                + " but is no MarketOwnerCommand, so the market would not check them against its"
                                + " owner"));
                    }
                }
            })
            .because("the market checks every owner's command in one place, before its handler runs");

    @ArchTest
    static final ArchRule theMarketChecksItsOwnerOnceBeforeEveryOwnersCommand = methods()
            .that().areDeclaredInClassesThat().haveFullyQualifiedName(MARKET).and().areAnnotatedWith(CommandHandlerInterceptor.class)
            .should().haveRawParameterTypes(MarketOwnerCommand.class)
            .because("Market.onlyItsOwner is the one owner check; no handler repeats it");
}
