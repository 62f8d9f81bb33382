package dev.skyport.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The design rules every module keeps, as ArchUnit rules. A module applies all of them with
 * {@code @ArchTest static final ArchTests skyport = ArchTests.in(SkyportArchitectureRules.class);} in its
 * {@code ArchitectureTest}; a rule about classes a module does not have passes there.
 */
public final class SkyportArchitectureRules {

    private static final String USERS = "dev.skyport.users..";
    private static final String ORDERS = "dev.skyport.orders..";
    private static final String GATEWAY = "dev.skyport.gateway..";

    /** What a call waits on: the thread that makes it does nothing else until it returns. */
    private static final Map<String, Set<String>> BLOCKING_CALLS = Map.of(
            "reactor.core.publisher.Mono", Set.of("block", "blockOptional"),
            "reactor.core.publisher.Flux", Set.of("blockFirst", "blockLast", "toIterable", "toStream"),
            "java.lang.Thread", Set.of("sleep", "join"),
            "java.net.http.HttpClient", Set.of("send"),
            "java.util.concurrent.CompletableFuture", Set.of("get", "join"),
            "java.util.concurrent.Future", Set.of("get"),
            "java.util.concurrent.CountDownLatch", Set.of("await"));

    /** Callbacks Spring runs on the main thread at start-up or shutdown, where waiting holds up no request. */
    private static final List<String> LIFECYCLE_CALLBACKS = List.of("org.springframework.boot.ApplicationRunner",
            "org.springframework.boot.CommandLineRunner", "org.springframework.context.Lifecycle");

    private SkyportArchitectureRules() {
    }

    @ArchTest
    public static final ArchRule usersServiceImportsNoOtherService = noClasses()
            .that().resideInAPackage(USERS)
            .should().dependOnClassesThat().resideInAnyPackage(ORDERS, GATEWAY)
            .because("services talk to each other over HTTP only")
            .allowEmptyShould(true);

    @ArchTest
    public static final ArchRule ordersServiceImportsNoOtherService = noClasses()
            .that().resideInAPackage(ORDERS)
            .should().dependOnClassesThat().resideInAnyPackage(USERS, GATEWAY)
            .because("services talk to each other over HTTP only")
            .allowEmptyShould(true);

    @ArchTest
    public static final ArchRule gatewayImportsNoService = noClasses()
            .that().resideInAPackage(GATEWAY)
            .should().dependOnClassesThat().resideInAnyPackage(USERS, ORDERS)
            .because("the gateway routes to services over HTTP only")
            .allowEmptyShould(true);

    @ArchTest
    public static final ArchRule sharedModulesKnowNoService = noClasses()
            .that().resideInAnyPackage("dev.skyport.defaults..", "dev.skyport.starter..", "dev.skyport.dynamo..")
            .should().dependOnClassesThat().resideInAnyPackage(USERS, ORDERS, GATEWAY)
            .because("the shared defaults, the starter and the engine serve every service and know none")
            .allowEmptyShould(true);

    @ArchTest
    public static final ArchRule webCodeDoesNotCallTheSdk = noClasses()
            .that().areMetaAnnotatedWith("org.springframework.stereotype.Controller")
            .or().resideInAPackage("..web..")
            .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk..")
            .because("the web layer speaks the API; tables and the SDK belong to the feature's store")
            .allowEmptyShould(true);

    @ArchTest
    public static final ArchRule gatewayNeverBlocksAnEventLoop = noClasses()
            .that().resideInAPackage(GATEWAY)
            .should().callMethodWhere(blockingOutsideALifecycleCallback())
            .because("the gateway serves every request on a few event-loop threads; one that waits stalls them all")
            .allowEmptyShould(true);

    private static DescribedPredicate<JavaMethodCall> blockingOutsideALifecycleCallback() {
        return DescribedPredicate.describe("a blocking method outside a start-up or shutdown callback",
                call -> BLOCKING_CALLS.getOrDefault(call.getTargetOwner().getName(), Set.of()).contains(call.getName())
                        && !inALifecycleCallback(call.getOrigin()));
    }

    /**
     * A method of a Lifecycle or runner class, or a bean method that returns one (ArchUnit counts a lambda's body as
     * code of the method that declares it).
     */
    private static boolean inALifecycleCallback(JavaCodeUnit codeUnit) {
        JavaClass owner = codeUnit.getOwner();
        JavaClass returned = codeUnit.getRawReturnType();
        return LIFECYCLE_CALLBACKS.stream().anyMatch(type -> owner.isAssignableTo(type) || returned.isAssignableTo(type))
                // A Logback component's start and stop: run when logging is configured and by the shutdown hook.
                || owner.isAssignableTo("ch.qos.logback.core.spi.LifeCycle")
                        && Set.of("start", "stop").contains(codeUnit.getName());
    }
}
