package dev.sluice.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Settings of a {@link SluiceServer}, validated once at {@link Builder#build()}.
 *
 * <table>
 * <caption>Settings, defaults, environment variables and property keys</caption>
 * <tr><th>setting</th><th>default</th><th>environment</th><th>property</th><th>meaning</th></tr>
 * <tr><td>host</td><td>{@code 127.0.0.1}</td><td>SLUICE_HOST</td><td>host</td><td>address to bind; {@code 0.0.0.0} for every interface</td></tr>
 * <tr><td>port</td><td>8080</td><td>SLUICE_PORT</td><td>port</td><td>TCP port, 0..65535; 0 picks a free port (see {@link SluiceServer#port()})</td></tr>
 * <tr><td>token</td><td>generated</td><td>SLUICE_TOKEN</td><td>token</td><td>bearer token of every endpoint that is not public (reads and writes), at least 16 characters; when absent a random one is generated (see {@link SluiceServer#token()})</td></tr>
 * <tr><td>publicLeaderboard</td><td>true</td><td>SLUICE_PUBLIC_LEADERBOARD</td><td>public-leaderboard</td><td>leaderboard reads and their stream need no token</td></tr>
 * <tr><td>publicMetrics</td><td>true</td><td>SLUICE_PUBLIC_METRICS</td><td>public-metrics</td><td>{@code /metrics} needs no token (Prometheus scrapers)</td></tr>
 * <tr><td>maxBodyBytes</td><td>1 MiB</td><td>SLUICE_MAX_BODY_BYTES</td><td>max-body-bytes</td><td>largest request body, 1 KiB..64 MiB; larger gets 413</td></tr>
 * <tr><td>maxBatchSize</td><td>10,000</td><td>SLUICE_MAX_BATCH_SIZE</td><td>max-batch-size</td><td>most messages or score events in one batch request, 1..100,000</td></tr>
 * <tr><td>streamInterval</td><td>1 s</td><td>SLUICE_STREAM_INTERVAL_MS</td><td>stream-interval-ms</td><td>period of the queue statistics stream, and the least time between two leaderboard stream updates of a window, 100 ms..1 min</td></tr>
 * <tr><td>maxStreamClients</td><td>5,000</td><td>SLUICE_MAX_STREAM_CLIENTS</td><td>max-stream-clients</td><td>open anonymous Server-Sent Event connections (public leaderboard streams) allowed at once, 1..100,000; more get 503</td></tr>
 * <tr><td>readToken</td><td>none</td><td>SLUICE_READ_TOKEN</td><td>read-token</td><td>optional second token that may read (queue statistics, dead letters, streams) but not write, at least 16 characters, not the token</td></tr>
 * <tr><td>consumerTokens</td><td>none</td><td>SLUICE_CONSUMER_TOKENS</td><td>consumer-tokens</td><td>scoped tokens of HTTP
 *     consumers, {@code token=queue1,queue2;token2=queue3}: each may only claim, acknowledge, fail and extend leases of its
 *     queues (403 elsewhere); at least 16 characters each, none equal to another token</td></tr>
 * <tr><td>maxTokenStreamClients</td><td>100</td><td>SLUICE_MAX_TOKEN_STREAM_CLIENTS</td><td>max-token-stream-clients</td><td>open streams of token holders (the dashboard), counted apart from anonymous ones so that these can never lock the operator out, 1..100,000</td></tr>
 * </table>
 *
 * <p>{@code sluice serve} resolves settings as flags &gt; environment &gt; properties file &gt; defaults:
 * <pre>{@code
 * ServerConfig.Builder b = ServerConfig.builder().properties(ServerConfig.readProperties(file)).environment(System.getenv());
 * if (portFlag != null) b.port(portFlag);
 * ServerConfig config = b.build();
 * }</pre>
 */
public record ServerConfig(
        String host,
        int port,
        String token,
        boolean publicLeaderboard,
        boolean publicMetrics,
        int maxBodyBytes,
        int maxBatchSize,
        Duration streamInterval,
        int maxStreamClients,
        String readToken,
        int maxTokenStreamClients,
        Map<String, Set<String>> consumerTokens) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_BATCH_SIZE = 10_000;
    public static final Duration DEFAULT_STREAM_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_STREAM_CLIENTS = 5_000;
    public static final int DEFAULT_MAX_TOKEN_STREAM_CLIENTS = 100;
    /** Shortest token accepted: a guessable token is no protection. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public ServerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty; use 127.0.0.1 (local only) or 0.0.0.0 (every interface).");
        }
        requireRange("port", port, 0, 65_535);
        requireToken("token", token, "Leave it unset to have one generated.");
        requireToken("readToken", readToken, "Leave it unset for no read-only token.");
        if (readToken != null && readToken.equals(token)) {
            throw new IllegalArgumentException("readToken must differ from token: the read-only token must not also grant writes.");
        }
        requireRange("maxTokenStreamClients", maxTokenStreamClients, 1, 100_000);
        requireRange("maxBodyBytes", maxBodyBytes, 1024, 64 * 1024 * 1024);
        requireRange("maxBatchSize", maxBatchSize, 1, 100_000);
        if (streamInterval == null || streamInterval.toMillis() < 100 || streamInterval.toMillis() > 60_000) {
            throw new IllegalArgumentException("streamInterval must be between 100 ms and 1 min; got " + streamInterval + ".");
        }
        requireRange("maxStreamClients", maxStreamClients, 1, 100_000);
        consumerTokens = consumerTokens == null ? Map.of() : Map.copyOf(consumerTokens);
        for (Map.Entry<String, Set<String>> e : consumerTokens.entrySet()) {
            requireToken("a consumer token", e.getKey(), "Generate one, e.g. with: openssl rand -hex 24.");
            if (e.getKey().equals(token) || e.getKey().equals(readToken)) {
                throw new IllegalArgumentException("a consumer token must differ from token and readToken: it may only consume its queues.");
            }
            if (e.getValue() == null || e.getValue().isEmpty()) {
                throw new IllegalArgumentException("a consumer token needs at least one queue it may consume (token=queue1,queue2).");
            }
            e.getValue().forEach(dev.sluice.schema.Identifiers::queueName);
        }
        consumerTokens = consumerTokens.entrySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
    }

    /**
     * Parses {@code token=queue1,queue2;token2=queue3} (what SLUICE_CONSUMER_TOKENS and the
     * {@code consumer-tokens} key hold) into token to queues.
     */
    public static Map<String, Set<String>> parseConsumerTokens(String text) {
        Map<String, Set<String>> tokens = new java.util.LinkedHashMap<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("consumer-tokens must be token=queue1,queue2;token2=queue3; an entry has no \"=\".");
            }
            Set<String> queues = new java.util.LinkedHashSet<>();
            for (String q : entry.substring(eq + 1).split(",")) {
                if (!q.isBlank()) {
                    queues.add(q.trim());
                }
            }
            if (tokens.put(entry.substring(0, eq).trim(), queues) != null) {
                throw new IllegalArgumentException("consumer-tokens names the same token twice; give each token once with all its queues.");
            }
        }
        return tokens;
    }

    private static void requireToken(String name, String value, String otherwise) {
        if (value != null && (value.length() < MIN_TOKEN_LENGTH || value.chars().anyMatch(ch -> ch <= ' ' || ch > '~'))) {
            throw new IllegalArgumentException(name + " must be at least " + MIN_TOKEN_LENGTH
                    + " printable ASCII characters without spaces; got " + value.length() + " characters. " + otherwise);
        }
    }

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + "; got " + value + ".");
        }
    }

    /** Every setting at its default (a token is generated at start). */
    public static ServerConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults overridden by the {@code SLUICE_*} variables present in {@code environment}. */
    public static ServerConfig fromEnvironment(Map<String, String> environment) {
        return builder().environment(environment).build();
    }

    /** Defaults overridden by the keys present in a properties file (see the table above). */
    public static ServerConfig fromFile(Path file) {
        return builder().properties(readProperties(file)).build();
    }

    /** Reads a properties file, with an error that names the file when it cannot. */
    public static Properties readProperties(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("Could not read the configuration file " + file + ": " + e.getMessage(), e);
        }
        return properties;
    }

    /** A builder preset with this configuration's values. */
    public Builder toBuilder() {
        return new Builder().host(host).port(port).token(token).publicLeaderboard(publicLeaderboard).publicMetrics(publicMetrics)
                .maxBodyBytes(maxBodyBytes).maxBatchSize(maxBatchSize).streamInterval(streamInterval).maxStreamClients(maxStreamClients)
                .readToken(readToken).maxTokenStreamClients(maxTokenStreamClients).consumerTokens(consumerTokens);
    }

    @Override
    public String toString() {
        // Never print the token.
        return "ServerConfig[host=" + host + ", port=" + port + ", token=" + (token == null ? "generated" : "***")
                + ", publicLeaderboard=" + publicLeaderboard + ", publicMetrics=" + publicMetrics + ", maxBodyBytes=" + maxBodyBytes
                + ", maxBatchSize=" + maxBatchSize + ", streamInterval=" + streamInterval + ", maxStreamClients=" + maxStreamClients
                + ", readToken=" + (readToken == null ? "none" : "***") + ", maxTokenStreamClients=" + maxTokenStreamClients
                + ", consumerTokens=" + consumerTokens.size() + "]";
    }

    /** Builds a {@link ServerConfig}; each setter overrides what was set before, so apply sources lowest first. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String token;
        private boolean publicLeaderboard = true;
        private boolean publicMetrics = true;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
        private Duration streamInterval = DEFAULT_STREAM_INTERVAL;
        private int maxStreamClients = DEFAULT_MAX_STREAM_CLIENTS;
        private String readToken;
        private Map<String, Set<String>> consumerTokens = Map.of();
        private int maxTokenStreamClients = DEFAULT_MAX_TOKEN_STREAM_CLIENTS;

        private Builder() {
        }

        /** A second token that may read but not write (null: none). */
        public Builder readToken(String readToken) {
            this.readToken = readToken;
            return this;
        }

        /** Open streams of token holders, counted apart from anonymous streams. */
        public Builder maxTokenStreamClients(int maxTokenStreamClients) {
            this.maxTokenStreamClients = maxTokenStreamClients;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder publicLeaderboard(boolean publicLeaderboard) {
            this.publicLeaderboard = publicLeaderboard;
            return this;
        }

        public Builder publicMetrics(boolean publicMetrics) {
            this.publicMetrics = publicMetrics;
            return this;
        }

        public Builder maxBodyBytes(int maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        public Builder maxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        public Builder streamInterval(Duration streamInterval) {
            this.streamInterval = streamInterval;
            return this;
        }

        public Builder maxStreamClients(int maxStreamClients) {
            this.maxStreamClients = maxStreamClients;
            return this;
        }

        /** Applies the {@code SLUICE_*} variables that are present and not blank. */
        public Builder environment(Map<String, String> environment) {
            return apply(environment, "SLUICE_HOST", "SLUICE_PORT", "SLUICE_TOKEN", "SLUICE_PUBLIC_LEADERBOARD", "SLUICE_PUBLIC_METRICS",
                    "SLUICE_MAX_BODY_BYTES", "SLUICE_MAX_BATCH_SIZE", "SLUICE_STREAM_INTERVAL_MS", "SLUICE_MAX_STREAM_CLIENTS",
                    "SLUICE_READ_TOKEN", "SLUICE_MAX_TOKEN_STREAM_CLIENTS", "SLUICE_CONSUMER_TOKENS");
        }

        /** Applies the keys that are present and not blank ({@code host}, {@code port}, {@code token}, ...). */
        public Builder properties(Properties properties) {
            Map<String, String> map = new java.util.HashMap<>();
            properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
            return apply(map, "host", "port", "token", "public-leaderboard", "public-metrics",
                    "max-body-bytes", "max-batch-size", "stream-interval-ms", "max-stream-clients", "read-token", "max-token-stream-clients",
                    "consumer-tokens");
        }

        /** Keys in this order: host, port, token, publicLeaderboard, publicMetrics, maxBodyBytes, maxBatchSize, streamInterval, maxStreamClients, readToken, maxTokenStreamClients. */
        private Builder apply(Map<String, String> source, String... keys) {
            String v;
            if ((v = value(source, keys[0])) != null) {
                host = v;
            }
            if ((v = value(source, keys[1])) != null) {
                port = integer(keys[1], v);
            }
            if ((v = value(source, keys[2])) != null) {
                token = v;
            }
            if ((v = value(source, keys[3])) != null) {
                publicLeaderboard = bool(keys[3], v);
            }
            if ((v = value(source, keys[4])) != null) {
                publicMetrics = bool(keys[4], v);
            }
            if ((v = value(source, keys[5])) != null) {
                maxBodyBytes = integer(keys[5], v);
            }
            if ((v = value(source, keys[6])) != null) {
                maxBatchSize = integer(keys[6], v);
            }
            if ((v = value(source, keys[7])) != null) {
                streamInterval = Duration.ofMillis(integer(keys[7], v));
            }
            if ((v = value(source, keys[8])) != null) {
                maxStreamClients = integer(keys[8], v);
            }
            if ((v = value(source, keys[9])) != null) {
                readToken = v;
            }
            if ((v = value(source, keys[10])) != null) {
                maxTokenStreamClients = integer(keys[10], v);
            }
            if (keys.length > 11 && (v = value(source, keys[11])) != null) {
                consumerTokens = parseConsumerTokens(v);
            }
            return this;
        }

        private static String value(Map<String, String> source, String key) {
            String v = source.get(key);
            return v == null || v.isBlank() ? null : v.trim();
        }

        private static int integer(String key, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number; got \"" + value + "\".");
            }
        }

        private static boolean bool(String key, String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1", "on" -> true;
                case "false", "no", "0", "off" -> false;
                default -> throw new IllegalArgumentException(key + " must be true or false; got \"" + value + "\".");
            };
        }

        /** Validates and builds; an {@link IllegalArgumentException} names the bad setting and its allowed range. */
        public ServerConfig build() {
            return new ServerConfig(host, port, token, publicLeaderboard, publicMetrics, maxBodyBytes, maxBatchSize, streamInterval, maxStreamClients,
                    readToken, maxTokenStreamClients, consumerTokens);
        }

        /** Scoped consumer tokens: token to the queues it may consume (replaces any set before). */
        public Builder consumerTokens(Map<String, Set<String>> consumerTokens) {
            this.consumerTokens = consumerTokens == null ? Map.of() : new java.util.LinkedHashMap<>(consumerTokens);
            return this;
        }

        /** Adds one scoped consumer token that may consume only {@code queues}. */
        public Builder consumerToken(String token, String... queues) {
            Map<String, Set<String>> next = new java.util.LinkedHashMap<>(consumerTokens);
            next.put(token, Set.of(queues));
            this.consumerTokens = next;
            return this;
        }
    }
}
