package dev.sluice.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retention drops whole one-second partitions; what happens to a subscription behind it depends on the mode. */
class RetentionTest extends StreamsTestSupport {

    private static StreamOptions oneSecond(RetentionMode mode) {
        return StreamOptions.builder().partitionInterval(Duration.ofSeconds(1)).retention(Duration.ofSeconds(1)).retentionMode(mode).build();
    }

    /** Appends 10 events into one partition, then 10 into a later one; returns the later partition's start. */
    private Instant twoPartitions(String stream) throws Exception {
        streams.retention().ensurePartitions(stream);
        streams.append(stream, records("k", 0, 10));
        long first = queryLong("SELECT floor(extract(epoch FROM min(appended_at)))::bigint FROM " + schema + ".stream_" + stream);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> queryLong("SELECT floor(extract(epoch FROM clock_timestamp()))::bigint") > first);
        streams.retention().ensurePartitions(stream);
        streams.append(stream, records("k", 10, 10));
        long second = queryLong("SELECT floor(extract(epoch FROM max(appended_at)))::bigint FROM " + schema + ".stream_" + stream);
        assertThat(second).isGreaterThan(first);
        return Instant.ofEpochSecond(first + 1);
    }

    @Test
    void keepUnconsumedHoldsAPartitionUntilEverySubscriptionHasReadItAndReportsIt() throws Exception {
        streams.create("s", oneSecond(RetentionMode.KEEP_UNCONSUMED));
        streams.subscriptions().create("s", "fast", StartFrom.earliest());
        streams.subscriptions().create("s", "slow", StartFrom.earliest());
        Instant cutoff = twoPartitions("s");
        assertThat(streams.poll("s", "fast", 100, b -> { })).isEqualTo(20);

        RetentionResult kept = streams.retention().apply("s", cutoff); // may drop an empty partition from before the first event
        assertThat(kept.dropped()).hasSizeLessThanOrEqualTo(1);
        assertThat(kept.keptFor()).containsEntry("slow", 10L).doesNotContainKey("fast");
        assertThat(streams.stats("s").events()).isEqualTo(20);
        await().atMost(Duration.ofSeconds(5)).until(() -> streams.subscriptions().stats("s", "slow").orElseThrow().holdsRetention());
        SubscriptionStats slow = streams.subscriptions().stats("s", "slow").orElseThrow();
        assertThat(slow.behindRetention()).isTrue();
        assertThat(slow.lagEvents()).isEqualTo(20);
        assertThat(streams.subscriptions().stats("s", "fast").orElseThrow().behindRetention()).isFalse();

        assertThat(streams.poll("s", "slow", 10, b -> { })).isEqualTo(10);
        RetentionResult dropped = streams.retention().apply("s", cutoff);
        assertThat(dropped.dropped()).hasSize(1); // the one it was holding
        assertThat(dropped.lost()).isEmpty();
        assertThat(streams.stats("s").events()).isEqualTo(10);
        List<StreamEvent> rest = new ArrayList<>();
        assertThat(streams.poll("s", "slow", 100, b -> rest.addAll(b.events()))).isEqualTo(10);
        assertThat(rest).extracting(e -> e.tree().get("n").asInt()).containsExactly(10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
    }

    @Test
    void dropUnconsumedDropsWhileSubscribersReadAndRecordsWhatEachSubscriptionLost() throws Exception {
        streams.create("d", oneSecond(RetentionMode.DROP_UNCONSUMED));
        streams.subscriptions().create("d", "behind", StartFrom.earliest());
        List<StreamEvent> live = Collections.synchronizedList(new ArrayList<>());
        streams.subscribe("d", "live", StartFrom.earliest(), FAST.withBatchSize(3), b -> live.addAll(b.events()));
        Instant cutoff = twoPartitions("d");
        await().atMost(Duration.ofSeconds(10)).until(() -> live.size() >= 20);
        streams.append("d", records("k", 20, 30)); // being read while the old partition is dropped

        RetentionResult r = streams.retention().apply("d", cutoff);
        assertThat(r.dropped()).isNotEmpty();
        assertThat(r.lost()).containsEntry("behind", 10L).doesNotContainKey("live");
        SubscriptionStats behind = streams.subscriptions().stats("d", "behind").orElseThrow();
        assertThat(behind.lostEvents()).isEqualTo(10);
        assertThat(behind.lastLostAt()).isNotNull();
        assertThat(behind.behindRetention()).isTrue();

        List<StreamEvent> got = new ArrayList<>();
        while (streams.poll("d", "behind", 7, b -> got.addAll(b.events())) > 0) {
            // carries on with the oldest retained event
        }
        assertThat(got).extracting(e -> e.tree().get("n").asInt()).startsWith(10, 11).hasSize(40);
        await().atMost(Duration.ofSeconds(10)).until(() -> live.size() >= 50);
        assertThat(live).extracting(StreamEvent::id).doesNotHaveDuplicates().hasSize(50);
    }

    @Test
    void sizeLimitDropsTheOldestPartitionsButNeverTheOneBeingWritten() throws Exception {
        streams.create("z", StreamOptions.builder().partitionInterval(Duration.ofSeconds(1)).retention(null).maxBytes(1L)
                .retentionMode(RetentionMode.DROP_UNCONSUMED).build());
        twoPartitions("z");
        RetentionResult r = streams.retention().apply("z");
        assertThat(r.dropped()).isNotEmpty();
        assertThat(streams.stats("z").partitions()).as("the current and the ahead partitions stay").isGreaterThanOrEqualTo(1);
        streams.append("z", records("k", 0, 1)); // still writable
    }
}
