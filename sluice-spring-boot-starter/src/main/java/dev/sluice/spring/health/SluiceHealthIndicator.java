package dev.sluice.spring.health;

import dev.sluice.Sluice;
import dev.sluice.queue.QueueStats;
import dev.sluice.spring.autoconfigure.SluiceProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Sluice's health: DOWN when PostgreSQL cannot be reached, when the LISTEN connection is down
 * (workers then only poll; it reconnects by itself), or when a queue is past a threshold set
 * under {@code sluice.health.*} or {@code sluice.queues.<queue>.max-*}. Details: whether LISTEN
 * is connected, and per queue its depth, ready messages, the oldest ready message's age, dead
 * letters and whether it is paused.
 */
public class SluiceHealthIndicator implements HealthIndicator {

    private final Sluice sluice;
    private final SluiceProperties properties;

    public SluiceHealthIndicator(Sluice sluice, SluiceProperties properties) {
        this.sluice = sluice;
        this.properties = properties;
    }

    @Override
    public Health health() {
        List<QueueStats> stats;
        try {
            stats = sluice.queues().allStats();
        } catch (RuntimeException e) {
            return Health.down(e).withDetail("database", "unreachable").build();
        }
        List<String> problems = new ArrayList<>();
        Map<String, Object> queues = new LinkedHashMap<>();
        for (QueueStats s : stats) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("depth", s.depth());
            q.put("ready", s.ready());
            q.put("oldestReadySeconds", s.oldestReadySeconds());
            q.put("deadLetters", s.deadLetters());
            q.put("paused", s.paused());
            queues.put(s.queue(), q);
            SluiceProperties.Queue own = properties.getQueues().get(s.queue());
            Long maxDepth = own != null && own.getMaxDepth() != null ? own.getMaxDepth() : properties.getHealth().getMaxDepth();
            Duration maxAge = own != null && own.getMaxOldestReadyAge() != null
                    ? own.getMaxOldestReadyAge() : properties.getHealth().getMaxOldestReadyAge();
            if (maxDepth != null && s.depth() > maxDepth) {
                problems.add("queue " + s.queue() + " holds " + s.depth() + " messages, more than max-depth " + maxDepth);
            }
            if (maxAge != null && s.oldestReadySeconds() * 1000 > maxAge.toMillis()) {
                problems.add("queue " + s.queue() + "'s oldest ready message has waited " + Math.round(s.oldestReadySeconds())
                        + " s, longer than max-oldest-ready-age " + maxAge.toSeconds() + " s");
            }
        }
        boolean listenWanted = sluice.config().listenNotify();
        boolean listening = sluice.isListening();
        if (listenWanted && !listening) {
            problems.add("the LISTEN connection is down (workers poll until it reconnects)");
        }
        Health.Builder health = problems.isEmpty() ? Health.up() : Health.down();
        health.withDetail("database", "reachable");
        health.withDetail("listen", listenWanted ? (listening ? "connected" : "disconnected") : "disabled");
        health.withDetail("queues", queues);
        if (!problems.isEmpty()) {
            health.withDetail("problems", problems);
        }
        return health.build();
    }
}
