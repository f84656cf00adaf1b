package dev.sluice.examples.versioning;

import java.time.Duration;

/**
 * A demo-like parent for the lifecycle test: deploys every node as a child JVM, prints their pids,
 * then hangs until it is killed.
 */
public final class DeploymentParentMain {
    public static void main(String[] args) throws Exception {
        VersioningDeployment d = VersioningDeployment.start(VersioningDeployment.Mode.PROCESSES, args[0], args[1], args[2], 2, 2, Duration.ZERO);
        StringBuilder pids = new StringBuilder("PIDS");
        for (long pid : d.pids()) {
            pids.append(' ').append(pid);
        }
        System.out.println(pids);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
