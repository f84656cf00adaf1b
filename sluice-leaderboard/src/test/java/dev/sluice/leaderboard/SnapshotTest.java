package dev.sluice.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SnapshotTest extends LeaderboardTestSupport {

    @Test
    void changedTopIsPublishedOnceAnnouncedByNotifyAndDeliveredToSubscribers() throws Exception {
        List<Snapshot> received = new CopyOnWriteArrayList<>();
        boards.subscribe(received::add);
        await().atMost(Duration.ofSeconds(10)).until(sluice::isListening);
        boards.ingest(ScoreEvent.of("e1", "ada", 10, clock.instant()));
        assertThat(boards.publishSnapshots()).isEqualTo(boards.config().windows().size());
        assertThat(boards.publishSnapshots()).as("nothing changed, nothing announced").isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(s -> s.window().equals("all")));
        Snapshot all = received.stream().filter(s -> s.window().equals("all")).findFirst().orElseThrow();
        assertThat(all.version()).isEqualTo(1);
        assertThat(all.top()).extracting(Standing::playerId).containsExactly("ada");

        boards.ingest(ScoreEvent.of("e2", "bob", 20, clock.instant()));
        boards.publishSnapshots();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(s -> s.window().equals("all") && s.version() == 2));
        assertThat(boards.snapshot("all").orElseThrow().top()).extracting(Standing::playerId).containsExactly("bob", "ada");
        assertThat(queryLong("SELECT max(length(json_build_object('window', window_name, 'version', version)::text)) FROM "
                + schema + ".leaderboard_snapshots")).as("NOTIFY payload size").isLessThan(100);
    }
}
