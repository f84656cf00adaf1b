package dev.sluice.examples.versioning;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@link VersioningNode} in a child JVM ({@link VersioningNodeMain}: the current {@code java} and
 * class path). Nothing outlives the demo: closing ends the child (stdin closed, then SIGKILL after
 * 10 s); a JVM shutdown hook kills every child still running (Ctrl-C, an exception in the demo);
 * and a child whose parent dies without running hooks (SIGKILL) sees its stdin close and exits.
 */
final class NodeProcess implements NodeHandle {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(NodeProcess::killAll, "versioning-nodes-stop"));
    }

    private final VersioningNode.Spec spec;
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private int port = -1;

    private NodeProcess(VersioningNode.Spec spec, Process process) {
        this.spec = spec;
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts the child; {@link #awaitReady()} waits until it serves. */
    static NodeProcess launch(VersioningNode.Spec spec) throws IOException {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC"));
        // SLUICE_NODE_JAVA_OPTS: extra JVM options for every node (diagnostics, e.g. -XX:+PrintCompilation).
        String extra = System.getenv("SLUICE_NODE_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), VersioningNodeMain.class.getName()));
        command.addAll(spec.args());
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        LIVE.add(p);
        return new NodeProcess(spec, p);
    }

    /** Waits for the child's READY line and returns this handle. */
    NodeProcess awaitReady() throws Exception {
        String line = protocolLine();
        if (!line.startsWith("READY ")) {
            kill();
            throw new IllegalStateException("the " + spec.role().argName() + " process did not start: " + line);
        }
        port = Integer.parseInt(line.substring("READY ".length()).trim());
        return this;
    }

    private String protocolLine() throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(VersioningNodeMain.PREFIX)) {
                return line.substring(VersioningNodeMain.PREFIX.length());
            }
        }
        throw new IOException("the " + spec.role().argName() + " process (pid " + process.pid() + ") exited"
                + (process.isAlive() ? "" : " with status " + exitValue()));
    }

    private String exitValue() {
        try {
            return Integer.toString(process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public synchronized String call(String command) throws Exception {
        in.write(command + "\n");
        in.flush();
        String line = protocolLine();
        if (line.startsWith("OK ")) {
            return line.substring(3);
        }
        throw new NodeFailedException(spec.role().argName() + ": " + line);
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        LIVE.remove(process);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            in.close(); // the child closes its node and exits
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        LIVE.remove(process);
    }

    /** Kills every child still running: SIGTERM, then SIGKILL for any still alive 3 s later. */
    static void killAll() {
        for (Process p : LIVE) {
            p.destroy();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        for (Process p : LIVE) {
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
        LIVE.clear();
    }
}
