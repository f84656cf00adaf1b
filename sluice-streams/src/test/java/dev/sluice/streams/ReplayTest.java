package dev.sluice.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayTest extends StreamsTestSupport {

    private List<Integer> drain(String subscription) {
        List<Integer> got = new ArrayList<>();
        while (streams.poll("s", subscription, 13, b -> b.events().forEach(e -> got.add(e.tree().get("n").asInt()))) > 0) {
            // until caught up
        }
        return got;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void resetToEarliestATimeOrAnEventReplaysAndANewSubscriptionReadsTheWholeStream() throws Exception {
        streams.create("s", StreamOptions.DEFAULTS);
        List<Long> ids = new ArrayList<>(streams.append("s", records("k", 0, 40)));
        Instant between;
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            between = rs.getTimestamp(1).toInstant();
        }
        ids.addAll(streams.append("s", records("k", 40, 20)));
        streams.subscriptions().create("s", "sub", StartFrom.earliest());
        assertThat(drain("sub")).isEqualTo(range(0, 60));
        assertThat(drain("sub")).isEmpty();

        streams.subscriptions().reset("s", "sub", StartFrom.earliest());
        assertThat(drain("sub")).isEqualTo(range(0, 60));

        streams.subscriptions().reset("s", "sub", StartFrom.time(between));
        assertThat(drain("sub")).isEqualTo(range(40, 60));

        streams.subscriptions().reset("s", "sub", StartFrom.afterEvent(ids.get(9)));
        assertThat(drain("sub")).isEqualTo(range(10, 60));

        StreamPosition p = streams.subscriptions().reset("s", "sub", StartFrom.latest());
        assertThat(drain("sub")).isEmpty();
        streams.append("s", records("k", 60, 1));
        assertThat(drain("sub")).containsExactly(60);
        streams.subscriptions().reset("s", "sub", StartFrom.position(p));
        assertThat(drain("sub")).containsExactly(60);

        streams.subscriptions().create("s", "newcomer", StartFrom.earliest());
        assertThat(drain("newcomer")).isEqualTo(range(0, 61));
        assertThat(streams.subscriptions().delete("s", "newcomer")).isTrue();
        assertThat(streams.subscriptions().stats("s", "newcomer")).isEmpty();
    }
}
