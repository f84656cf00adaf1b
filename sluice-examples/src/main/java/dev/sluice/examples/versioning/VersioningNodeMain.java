package dev.sluice.examples.versioning;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A {@link VersioningNode} in a JVM of its own, as the demo deploys each service and the workers and
 * the cron job. It prints {@code @@ READY <port>} when it serves, then answers each command line on
 * stdin with one {@code @@ OK <answer>} or {@code @@ ERR <message>} line on stdout. It exits when
 * stdin closes, so a parent that dies, even by SIGKILL, leaves no node running.
 */
public final class VersioningNodeMain {

    /** Prefix of protocol lines on stdout (anything else there is ignored by the parent). */
    static final String PREFIX = "@@ ";

    private VersioningNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        VersioningNode node;
        try {
            node = new VersioningNode(VersioningNode.Spec.parse(args));
        } catch (Exception e) {
            out.println(PREFIX + "ERR " + oneLine(e));
            System.exit(2);
            return;
        }
        out.println(PREFIX + "READY " + node.port());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.println(PREFIX + "OK " + node.handle(line));
                } catch (Exception e) {
                    out.println(PREFIX + "ERR " + oneLine(e));
                }
            }
        } finally {
            // stdin closed: the parent is done with us, or gone. Close cleanly, but never linger.
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    return;
                }
                Runtime.getRuntime().halt(3);
            }, "node-halt");
            halt.setDaemon(true);
            halt.start();
            try {
                node.close();
            } finally {
                System.exit(0);
            }
        }
    }

    static String oneLine(Throwable e) {
        return String.valueOf(e).replace('\n', ' ').replace('\r', ' ');
    }
}
