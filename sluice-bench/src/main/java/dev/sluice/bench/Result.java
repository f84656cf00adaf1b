package dev.sluice.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.queue.PayloadCodec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one {@link QueueBenchmark} run, in the order they were measured; the same keys as
 * the JSON line it prints (e.g. {@code enqueue_per_s}, {@code process_per_s},
 * {@code ratio_vs_sql_baseline}, {@code latency_p99_ms}, {@code held_snapshot_ratio},
 * {@code scaling_duplicates}).
 *
 * @param figures figure name to value (numbers, strings)
 */
public record Result(Map<String, Object> figures) {

    public Result {
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    /** One figure as a number; fails if the run did not measure it. */
    public double number(String name) {
        Object value = figures.get(name);
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException("No numeric figure " + name + " in this run; figures: " + figures.keySet());
        }
        return n.doubleValue();
    }

    /** The figures as the one-line JSON object the benchmark prints. */
    public String toJson() {
        try {
            return PayloadCodec.mapper().writeValueAsString(figures);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
