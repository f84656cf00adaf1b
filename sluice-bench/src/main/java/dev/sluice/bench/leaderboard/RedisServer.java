package dev.sluice.bench.leaderboard;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;

/**
 * A redis-server started for one run, on a free loopback port, with an append-only file in a fresh
 * directory ({@code appendonly yes}, the given {@code appendfsync}, no RDB snapshots), stopped and
 * deleted on close.
 */
final class RedisServer implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final int port;
    private final String appendfsync;

    private RedisServer(Process process, Path dir, int port, String appendfsync) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.appendfsync = appendfsync;
    }

    /** The executable's path if it can be run, else empty (the Redis side is then skipped). */
    static java.util.Optional<String> find(String executable) {
        try {
            Process p = new ProcessBuilder(executable, "--version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 ? java.util.Optional.of(version) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    static RedisServer start(String executable, String appendfsync) throws Exception {
        Path dir = Files.createTempDirectory("sluice-bench-redis");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(List.of(executable, "--port", String.valueOf(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--appendonly", "yes", "--appendfsync", appendfsync, "--save", "", "--daemonize", "no", "--protected-mode", "yes"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        RedisServer server = new RedisServer(p, dir, port, appendfsync);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try (Jedis j = new Jedis("127.0.0.1", port)) {
                if ("PONG".equals(j.ping())) {
                    return server;
                }
            } catch (RuntimeException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    server.close();
                    throw new IllegalStateException("redis-server did not start on port " + port + " (appendfsync " + appendfsync + "): "
                            + Files.readString(dir.resolve("redis.log")).strip(), e);
                }
                Thread.sleep(50);
            }
        }
    }

    int port() {
        return port;
    }

    String appendfsync() {
        return appendfsync;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
