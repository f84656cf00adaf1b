package dev.sluice.bench.peers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code node} and {@code npm}, and the Node peers installed with pinned versions (the
 * package-lock.json in this package) into a cache folder outside the repository:
 * {@code $SLUICE_BENCH_CACHE}, else {@code $XDG_CACHE_HOME/sluice-bench}, else
 * {@code ~/.cache/sluice-bench}; then {@code node-peers/}.
 */
final class NodeRuntime {

    private static final String RESOURCES = "dev/sluice/bench/peers/node/";
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "peers.mjs");
    private static NodeRuntime installed;

    private final Path dir;

    private NodeRuntime(Path dir) {
        this.dir = dir;
    }

    /** The folder the Node peers run in. */
    Path dir() {
        return dir;
    }

    static Path cacheRoot() {
        String explicit = System.getenv("SLUICE_BENCH_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("sluice-bench");
    }

    /** node on PATH and the peers installed (once a JVM; npm ci only when the lock file changed). */
    static synchronized NodeRuntime require() throws PeerUnavailable {
        if (installed != null) {
            return installed;
        }
        String version = run(List.of("node", "--version"), null, 30, "node is not on PATH (Debian: apt-get install nodejs npm)");
        int major = Integer.parseInt(version.strip().replaceFirst("^v(\\d+).*", "$1"));
        if (major < 18) {
            throw new PeerUnavailable("node " + version.strip() + " is too old for graphile-worker and pg-boss (need 18 or newer)");
        }
        Path dir = cacheRoot().resolve("node-peers");
        try {
            Files.createDirectories(dir);
            boolean lockChanged = !sameAsResource(dir.resolve("package-lock.json"), "package-lock.json");
            for (String file : FILES) {
                try (InputStream in = resource(file)) {
                    Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (lockChanged || !Files.isDirectory(dir.resolve("node_modules/graphile-worker"))
                    || !Files.isDirectory(dir.resolve("node_modules/pg-boss"))) {
                System.err.println("Installing the Node peers (pinned in package-lock.json) into " + dir + " ...");
                run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), dir, 300,
                        "npm could not install graphile-worker and pg-boss from the registry into " + dir);
            }
        } catch (IOException e) {
            throw new PeerUnavailable("could not prepare the Node peers' folder " + dir + ": " + e.getMessage());
        }
        installed = new NodeRuntime(dir);
        return installed;
    }

    private static InputStream resource(String file) throws IOException {
        InputStream in = NodeRuntime.class.getClassLoader().getResourceAsStream(RESOURCES + file);
        if (in == null) {
            throw new IOException(RESOURCES + file + " is missing from the class path; the jar is incomplete");
        }
        return in;
    }

    private static boolean sameAsResource(Path file, String name) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        try (InputStream in = resource(name)) {
            return java.util.Arrays.equals(in.readAllBytes(), Files.readAllBytes(file));
        }
    }

    /** Runs a command to completion and returns its output, or explains why it could not. */
    private static String run(List<String> command, Path dir, int timeoutSeconds, String failure) throws PeerUnavailable {
        try {
            Path log = Files.createTempFile("sluice-bench-node", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            boolean ended = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            if (!ended) {
                throw new PeerUnavailable(failure + " (timed out after " + timeoutSeconds + " s)");
            }
            if (p.exitValue() != 0) {
                String[] lines = text.strip().split("\n");
                throw new PeerUnavailable(failure + ": " + lines[lines.length - 1]);
            }
            return text;
        } catch (IOException e) {
            throw new PeerUnavailable(failure + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerUnavailable(failure + " (interrupted)");
        }
    }
}
