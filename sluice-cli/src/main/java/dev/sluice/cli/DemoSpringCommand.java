package dev.sluice.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code sluice demo spring}: listed here so that {@code demo --help} shows it. The {@code ./sluice}
 * script runs the example's own Boot jar before this jar is reached (Spring stays out of the CLI's
 * jar), so this command only runs when the CLI jar is started directly: it says how to start the example.
 */
@Command(name = "spring", mixinStandardHelpOptions = true,
        header = "The Spring Boot example application (sluice-examples-spring): @Transactional enqueue, @SluiceHandler, health.",
        description = {"A small web app on an embedded PostgreSQL: POST /signups inserts an account and enqueues its welcome email in one",
            "@Transactional method, an annotated handler sends it, GET /signups/{email} shows it sent, /actuator/health shows the queue.",
            "Run it with the ./sluice script (which builds and starts its own jar): ./sluice demo spring"})
final class DemoSpringCommand implements Callable<Integer> {

    static final String HOW = "The Spring Boot example is a jar of its own (Spring stays out of this one): run ./sluice demo spring"
            + " from the repository, or java -jar sluice-examples-spring/target/sluice-spring-demo.jar after"
            + " ./mvnw -pl sluice-examples-spring -am package -DskipTests.";

    @Unmatched
    java.util.List<String> args;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println(HOW);
        return 1;
    }
}
