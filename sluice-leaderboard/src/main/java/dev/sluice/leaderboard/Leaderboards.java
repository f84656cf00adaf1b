package dev.sluice.leaderboard;

import dev.sluice.Sluice;
import dev.sluice.leaderboard.memory.Board;
import dev.sluice.notify.NotificationListener;
import dev.sluice.schema.Migration;
import dev.sluice.schema.Migrator;
import dev.sluice.schema.SqlTemplate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Score events in, live leaderboards out, on plain PostgreSQL.
 *
 * <pre>{@code
 * Leaderboards boards = Leaderboards.start(sluice, LeaderboardConfig.builder().build());
 * IngestResult r = boards.ingest(List.of(ScoreEvent.of("evt-1", "ada", 4200, Instant.now())));
 * List<Standing> top = boards.top("1m", 100);
 * Optional<PlayerRank> me = boards.rank("all", "ada", 5);
 * boards.subscribe(snapshot -> push(snapshot));   // the live top-N, once per change, at most twice a second
 * }</pre>
 *
 * <p>Ingest is a durable append (exactly once, by event id). Every process keeps the standings in
 * memory, an order-statistic tree per window instance, fed by reading the appended events every
 * {@code foldInterval} from an xid position that no late commit can slip under: {@link #rank} is
 * O(log n) and as of the last read, {@link #top} O(n + log n) after catching up to the moment of the
 * call. On start the standings are rebuilt from PostgreSQL: the long windows from a checkpoint
 * (written every {@code checkpointInterval}, only the players changed since the last one), the rest
 * by replaying the appended events. Retention drops whole partitions and expired instances. One
 * instance at a time republishes each window's top-N every {@code snapshotInterval} and announces
 * changes by NOTIFY.
 */
public final class Leaderboards implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Leaderboards.class);
    private static final Duration FOLD_WAIT = Duration.ofSeconds(10);
    /** With sums or counts: how long {@link #top} waits for transactions open at the call before answering as of where the tail got. */
    private static final Duration EXACT_WAIT = Duration.ofSeconds(1);

    private final LeaderboardConfig config;
    private final DataSource dataSource;
    private final NotificationListener notifications;
    private final Sql sql;
    private final Clock clock;
    private final Ingestor ingestor;
    private final Board board;
    private final Tailer tailer;
    private final Checkpointer checkpointer;
    private final Standings standings;
    /** Each window's current top-N as of the last tail read, immutable: what {@link #liveTop} serves without a lock. */
    private final LiveTops liveTops;
    private final PartitionManager partitions;
    private final SnapshotPublisher publisher;
    private final ScheduledExecutorService scheduler;
    private final SnapshotFeed feed;
    private final Consumer<String> onNotify;

    private final NotificationListener ownedNotifications;
    private final boolean background;

    private Leaderboards(Sluice sluice, LeaderboardConfig config, Clock clock, boolean background) {
        this(sluice.dataSource(), sluice.notifications(), null, config, clock, background);
    }

    private Leaderboards(DataSource dataSource, NotificationListener notifications, NotificationListener owned,
                         LeaderboardConfig config, Clock clock, boolean background) {
        this.config = config;
        this.dataSource = dataSource;
        this.notifications = notifications;
        this.ownedNotifications = owned;
        this.clock = clock;
        this.background = background;
        this.sql = new Sql(config.schema());
        migrator().migrate(dataSource, config.schema());
        this.partitions = new PartitionManager(dataSource, config, sql, clock);
        partitions.ensureAhead();
        this.ingestor = new Ingestor(dataSource, config, sql, clock);
        this.board = new Board(config);
        this.tailer = new Tailer(dataSource, config, sql, clock, board);
        tailer.rebuild();
        this.standings = new Standings(config, board, clock);
        this.liveTops = new LiveTops(config, board, standings, clock);
        liveTops.refresh();
        this.checkpointer = new Checkpointer(dataSource, config, sql, clock, board, tailer, partitions);
        this.publisher = new SnapshotPublisher(dataSource, config, sql, this::publishedTop, clock, this::currentStart);
        this.feed = new SnapshotFeed(dataSource, config, sql);
        this.onNotify = feed::onNotify;
        // Four threads: a maintenance run (partition DDL, trimming up to PartitionManager.TRIM_BUDGET)
        // or a checkpoint must hold back neither the tail nor the snapshot. A periodic task never overlaps itself.
        this.scheduler = Executors.newScheduledThreadPool(4, r -> {
            Thread t = new Thread(r, "sluice-leaderboard");
            t.setDaemon(true);
            return t;
        });
        if (notifications != null) {
            notifications.subscribe(sql.channel, onNotify);
        }
        if (background) {
            long interval = config.snapshotInterval().toMillis();
            // At a fixed rate, so the time a publish takes does not stretch the interval (and the freshness of the live top-N).
            scheduler.scheduleAtFixedRate(this::publishQuietly, interval, interval, TimeUnit.MILLISECONDS);
            long fold = config.foldInterval().toMillis();
            scheduler.scheduleWithFixedDelay(this::foldQuietly, fold, fold, TimeUnit.MILLISECONDS);
            long checkpoint = config.checkpointInterval().toMillis();
            scheduler.scheduleWithFixedDelay(this::checkpointQuietly, checkpoint, checkpoint, TimeUnit.MILLISECONDS);
            scheduler.scheduleWithFixedDelay(this::maintainQuietly, 0, 60, TimeUnit.SECONDS);
            if (notifications == null) {
                // No LISTEN connection: look for new snapshots on the same beat instead.
                scheduler.scheduleWithFixedDelay(feed::deliverAll, interval, interval,
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Applies the leaderboard migrations to the config's schema (same schema as the Sluice instance is
     * usual), creates event partitions, and starts snapshot publishing and maintenance.
     */
    public static Leaderboards start(Sluice sluice, LeaderboardConfig config) {
        return new Leaderboards(sluice, config, Clock.systemUTC(), true);
    }

    /**
     * Starts on a plain {@link DataSource}, without a {@link Sluice} instance: same as
     * {@link #start(Sluice, LeaderboardConfig)}, and snapshot announcements are received on one
     * connection of {@code dataSource} held for LISTEN (reopened with backoff when it breaks; after a
     * reconnect every window is re-read, since notifications sent meanwhile are lost). Closing the
     * returned instance releases that connection; the data source stays open.
     */
    public static Leaderboards start(DataSource dataSource, LeaderboardConfig config) {
        NotificationListener listener = new NotificationListener(dataSource::getConnection);
        try {
            return new Leaderboards(dataSource, listener, listener, config, Clock.systemUTC(), true);
        } catch (RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    /** For tests: a fixed or moving clock, and no background threads (call the steps yourself). */
    public static Leaderboards startManual(Sluice sluice, LeaderboardConfig config, Clock clock) {
        return new Leaderboards(sluice, config, clock, false);
    }

    /** The numbered migrations of component {@code leaderboard}. */
    public static Migrator migrator() {
        return new Migrator("leaderboard", List.of(new Migration(1, "score events, aggregates, snapshots",
                SqlTemplate.load(Leaderboards.class, "migrations/V001__leaderboard.sql")),
                new Migration(2, "leaner writes: no unused indexes, room for HOT updates",
                        SqlTemplate.load(Leaderboards.class, "migrations/V002__leaner_writes.sql")),
                new Migration(3, "sum and count optional",
                        SqlTemplate.load(Leaderboards.class, "migrations/V003__optional_sum_count.sql")),
                new Migration(4, "rank counts: rank in O(log n)",
                        SqlTemplate.load(Leaderboards.class, "migrations/V004__rank_counts.sql")),
                new Migration(5, "ingest appends, windows folded from the appended events",
                        SqlTemplate.load(Leaderboards.class, "migrations/V005__fold_from_inbox.sql")),
                new Migration(6, "standings in memory, long windows checkpointed",
                        SqlTemplate.load(Leaderboards.class, "migrations/V006__standings_in_memory.sql"))));
    }

    public LeaderboardConfig config() {
        return config;
    }

    /** Ingests one event. */
    public IngestResult ingest(ScoreEvent event) {
        return ingest(List.of(event));
    }

    /**
     * Ingests a batch; see {@link IngestResult} for the per-index outcome and the batch semantics.
     * Durable when this returns; the events count in {@link #rank} and the snapshots after the next
     * tail read of each process (within {@code foldInterval} plus the read's time; {@link #fold()} to
     * wait for it), and in {@link #top} at once.
     */
    public IngestResult ingest(List<ScoreEvent> events) {
        return ingestor.ingest(events);
    }

    /**
     * Reads now into this process's standings every event of the transactions that had started before
     * this call (read your own writes), and returns how many this call read. Waits for every
     * transaction on the server that had started before the call, up to 10 s: an event is read only
     * once every transaction that started before it has ended, so none is ever skipped. The
     * background tail does this every {@code foldInterval} without waiting.
     */
    public long fold() {
        return fold(FOLD_WAIT);
    }

    /** Like {@link #fold()}, waiting at most {@code wait} for older transactions (zero: read what can be read now). */
    public long fold(Duration wait) {
        long read = tailer.catchUp(wait);
        liveTops.refresh();
        return read;
    }

    /** Events ingested and not in this process's standings yet: the tail's backlog (a count over the unread range). */
    public long unfolded() {
        return tailer.unfolded();
    }

    /**
     * Writes a checkpoint now (the background does it every {@code checkpointInterval}): the players
     * of the checkpointed windows changed since the last one, and the events since then to the archive.
     * Returns the rows written; 0 when nothing changed or another process was writing one.
     */
    public int checkpoint() {
        return checkpointer.checkpoint();
    }

    /** The start of the window instance that contains now. */
    public Instant currentStart(Window window) {
        return startOf(window, clock.instant());
    }

    /** The start of the window instance that contains {@code at}. */
    public static Instant startOf(Window window, Instant at) {
        if (window.allTime()) {
            return Instant.EPOCH;
        }
        long size = window.size().toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), size) * size);
    }

    /**
     * The current top {@code n} (1..1000) of a window, exact at the call: it counts every transaction
     * committed before it. With max alone (the default) one statement reads the events committed since
     * the previous exact read that the tail has not read yet (also those above an older transaction
     * still open, without waiting for it), and they are merged into the in-memory page (the tail folds
     * them as usual); with sums or counts the tail first catches up with every transaction that had
     * started before the call, waiting up to 1 s for those still open, then the page is read from memory.
     */
    public List<Standing> top(String window, int n) {
        return top(window, clock.instant(), 0, n);
    }

    /** This process's tail (tests in this package hold its lock to stand for a read in progress). */
    Tailer tailer() {
        return tailer;
    }

    /** A page of the window instance containing {@code at}: ranks {@code offset+1 .. offset+n}. */
    public List<Standing> top(String window, Instant at, int offset, int n) {
        Window w = config.window(window);
        if (n < 1 || n > 1000) {
            throw new IllegalArgumentException("n must be between 1 and 1000; got " + n + ".");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative; got " + offset + ".");
        }
        Instant start = startOf(w, at);
        if (tailer.readsAhead() && offset == 0) {
            return exactFirstPage(w, start, n);
        }
        List<Board.Event> unread = tailer.exact(EXACT_WAIT);
        if (!unread.isEmpty()) {
            tailer.applyAhead(unread); // a page past the first cannot be merged: the tail folds them again, unchanged
        }
        return standings.page(w.name(), start, offset, n);
    }

    /** With max alone: the exact top {@code n} of one window instance ({@link Tailer#exactTop}). */
    private List<Standing> exactFirstPage(Window w, Instant start, int n) {
        if (standings.pastRetention(w, start)) {
            return List.of();
        }
        return standings.standings(tailer.exactTop(w, start, n, overlay -> standings.mergedTop(w, start, n, overlay)), 1);
    }

    /**
     * What a snapshot publishes. With max alone, exact at the publish: a commit reaches the next
     * snapshot even while an older transaction is still open (the tail, cut at the oldest open
     * transaction, waits for it; under a slow disk that is every batch still waiting for its flush),
     * at the cost of the events committed since the previous exact read. Otherwise the tail's standings.
     */
    private List<Standing> publishedTop(Window w, Instant start) {
        return tailer.readsAhead() ? exactFirstPage(w, start, config.snapshotSize()) : standings.page(w.name(), start, 0, config.snapshotSize());
    }

    /**
     * A player's rank in the current window instance, with up to {@code neighbours} (0..100) players
     * above and below: O(log n + neighbours) from memory, as of this process's last tail read.
     */
    public Optional<PlayerRank> rank(String window, String playerId, int neighbours) {
        return rank(window, clock.instant(), playerId, neighbours);
    }

    /** A player's rank in the window instance containing {@code at}. */
    public Optional<PlayerRank> rank(String window, Instant at, String playerId, int neighbours) {
        Window w = config.window(window);
        if (neighbours < 0 || neighbours > 100) {
            throw new IllegalArgumentException("neighbours must be between 0 and 100; got " + neighbours + ".");
        }
        return standings.rank(window, startOf(w, at), playerId, neighbours);
    }

    /**
     * The current top {@code n} of a window as of this process's last tail read (at most
     * {@code foldInterval} plus the read's time behind the commits, like {@link #rank}), without a
     * query and without a lock: what a server answers "the leaderboard" with to any number of readers
     * (the write-up's served-every-second top-100). After each tail read the top {@code snapshotSize}
     * of every window's current instance is published as an immutable list, and this returns it (or
     * its first {@code n}). When {@code n} exceeds {@code snapshotSize}, or a window has rolled over
     * since the last publish (the first moments of a new minute), the page is read from the in-memory
     * standings instead, under the instance's read lock: still no database round trip. For the
     * snapshot all processes agree on (versioned, announced by NOTIFY) see {@link #snapshot} and
     * {@link #subscribe}.
     */
    public List<Standing> liveTop(String window, int n) {
        Window w = config.window(window);
        if (n < 1 || n > 1000) {
            throw new IllegalArgumentException("n must be between 1 and 1000; got " + n + ".");
        }
        Instant start = currentStart(w);
        if (n <= config.snapshotSize()) {
            Optional<List<Standing>> published = liveTops.get(window, start);
            if (published.isPresent()) {
                List<Standing> top = published.get();
                return top.size() > n ? top.subList(0, n) : top;
            }
        }
        return standings.page(w.name(), start, 0, n);
    }

    /** The last published snapshot of a window, if any. */
    public Optional<Snapshot> snapshot(String window) {
        config.window(window);
        return feed.read(window);
    }

    /**
     * Calls {@code listener} at once with the snapshots this process already holds, then with each
     * window's snapshot whenever it changes (driven by NOTIFY; one read per change per process,
     * whatever the number of listeners), so a late subscriber does not wait for the next change.
     * Returns a handle that unsubscribes.
     */
    public AutoCloseable subscribe(Consumer<Snapshot> listener) {
        return feed.subscribe(listener);
    }

    /**
     * Whether this instance receives snapshot announcements now (its LISTEN is active), so that
     * {@link #subscribe} and {@link #liveTop} follow new snapshots. False without NOTIFY.
     */
    public boolean isListening() {
        return notifications != null && notifications.isListening(sql.channel);
    }

    /** Recomputes and announces changed snapshots now; returns how many windows changed. */
    public int publishSnapshots() {
        return publisher.publish();
    }

    /** Partition creation, retention and trimming. */
    public PartitionManager partitions() {
        return partitions;
    }

    private void publishQuietly() {
        try {
            publisher.publish();
        } catch (RuntimeException e) {
            log.warn("Snapshot publishing failed, will retry: {}", e.toString());
        }
    }

    private void foldQuietly() {
        try {
            tailer.tailAvailable();
            liveTops.refresh(); // also at a window's rollover, when the read found nothing
        } catch (RuntimeException e) {
            log.warn("Leaderboard tail read failed, will retry: {}", e.toString());
        }
    }

    private void checkpointQuietly() {
        try {
            checkpointer.checkpoint();
        } catch (RuntimeException e) {
            log.warn("Leaderboard checkpoint failed, will retry: {}", e.toString());
        }
    }

    private void maintainQuietly() {
        try {
            partitions.ensureAhead();
            board.expire(clock.instant());
            partitions.dropExpired();
            partitions.trim();
        } catch (RuntimeException e) {
            log.warn("Leaderboard maintenance failed, will retry: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            // let a fold or publish in flight finish its statement before the caller closes the pool
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (background) {
            checkpointQuietly(); // a restart then replays less of the inbox
        }
        if (notifications != null) {
            notifications.unsubscribe(sql.channel, onNotify);
        }
        if (ownedNotifications != null) {
            ownedNotifications.close();
        }
    }
}
