package dev.sluice.examples.versioning;

import dev.sluice.Sluice;
import dev.sluice.capture.CaptureSpec;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.worker.Batch;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.Workers;
import java.net.URI;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The new pipeline: a trigger captures each eligible product change into a Sluice queue at write
 * time; workers claim batches of 150 and call the Versioning service once per batch.
 *
 * <p><b>Where the transaction is.</b> Sluice acknowledges a batch by committing the worker's
 * transaction, so the versioning writes must be made on that transaction ({@link Batch#connection()})
 * to commit or roll back together with the acknowledgement. A transaction cannot cross an HTTP hop,
 * so the work is split: the Versioning service does what needs the other services (one bulk call to
 * the Product service, one to the User service) and computes the versions in memory, returning
 * them; the worker writes them, in one statement ({@code versions_write.sql}), in the batch
 * transaction, sent with the COMMIT that acknowledges the batch in the same round trip
 * ({@link Batch#commitWith}). A worker that dies at any point before that round trip
 * leaves nothing behind: its transaction rolls back and its messages become claimable again. The
 * write and the acknowledgement commit together or not at all. Nothing is lost and nothing is
 * written twice.
 *
 * <p><b>Database operations per batch</b>: the claim (Sluice), one bulk read each by the Product and
 * User services, and the one write with the commit that acknowledges: four round trips for 150
 * records. While Sluice isolates a failed batch (the handler called again on parts of it, in the
 * same transaction), commitWith runs the write without committing, and Sluice commits at the end.
 *
 * <p><b>Races.</b> A product changed again while its first change is in flight gets a second message
 * (the claimed one is locked), which another worker may claim at once. Both workers plan; the write
 * locks its products in id order and moves a product only from the version its plan was read from
 * ({@link VersionStore#applyBatch}), so the second writer waits for the first to commit, finds that
 * product moved, undoes its write (and its COMMIT is not run), and plans it again from the
 * committed state, without committing until every product of its batch moved. Versions stay consecutive and the
 * newest data is published.
 */
public final class NewPipeline {

    /** The queue the capture trigger fills. */
    public static final String QUEUE = "versioning";

    /**
     * The capture conditions: the eligibility rule's outcome, as maintained by the
     * {@code products_revision} trigger (schema_constraints.sql). An update is captured when the
     * product is eligible and its revision moved; an insert when it is eligible and unversioned.
     */
    public static final String ELIGIBLE_UPDATE = "NEW.eligible AND NEW.revision <> OLD.revision";
    public static final String ELIGIBLE_INSERT = "NEW.eligible AND NEW.revision > NEW.versioned_revision";

    private static final int MAX_PLAN_ROUNDS = 10;

    /**
     * Called with the batch claimed and planned, just before its last write and the commit are
     * sent (tests use it to crash a worker mid-batch).
     */
    @FunctionalInterface
    interface BeforeLastWrite {
        void beforeLastWrite(Batch batch) throws Exception;
    }

    private final Sluice sluice;
    private final String schema;
    private final VersionStore store;
    private final ServiceClient versioning;
    private final AtomicLong versionsWritten = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private volatile BeforeLastWrite beforeLastWrite = batch -> { };
    /** Per worker thread: the message ids of its last batch whose call failed (see {@link #handle}). */

    public NewPipeline(Sluice sluice, String schema, HttpClient http, URI versioningService) {
        this.sluice = sluice;
        this.schema = schema;
        this.store = new VersionStore(schema);
        this.versioning = new ServiceClient(http, versioningService);
    }

    /** The capture of {@code <schema>.products} into {@link #QUEUE}. */
    public CaptureSpec captureSpec() {
        return CaptureSpec.table(schema + ".products").key("id")
                .onInsert(ELIGIBLE_INSERT)
                .onUpdate(ELIGIBLE_UPDATE)
                .into(QUEUE);
    }

    /** Creates the queue and installs the capture trigger: from now on eligible changes are captured. */
    public void install() {
        sluice.queues().create(QUEUE);
        sluice.capture(captureSpec());
    }

    /** Removes the capture trigger (the queue and its messages stay). */
    public void uninstall() {
        sluice.captures().uninstall(captureSpec());
    }

    /** Starts {@code concurrency} workers claiming batches of {@code batchSize}. */
    public Workers start(int concurrency, int batchSize) {
        return sluice.startWorkers(QUEUE, WorkerOptions.builder().concurrency(concurrency).batchSize(batchSize).build(), this::handle);
    }

    void beforeLastWrite(BeforeLastWrite hook) {
        this.beforeLastWrite = hook;
    }

    /** Versions written by this process's workers (counted before their commit: for progress only). */
    public long versionsWritten() {
        return versionsWritten.get();
    }

    /** Batches handled by this process's workers. */
    public long batches() {
        return batches.get();
    }

    void handle(Batch batch) throws Exception {
        CountingDataSource.countAsBatch(batch.connection()); // the demo's count of the batch path
        Set<Long> ids = new LinkedHashSet<>();
        for (ReceivedMessage m : batch.messages()) {
            ids.add(m.payloadTree().get("key").asLong());
        }
        List<Long> all = new ArrayList<>(ids);
        long written = 0;
        for (int from = 0; from < all.size(); from += VersioningService.MAX_BATCH) {
            int to = Math.min(all.size(), from + VersioningService.MAX_BATCH);
            written += version(batch, all.subList(from, to), to == all.size());
        }
        versionsWritten.addAndGet(written);
        batches.incrementAndGet();
    }

    /**
     * Plans and writes the versions of {@code ids}. With {@code commit} (the last part of a whole
     * batch), the write is first sent together with the commit that acknowledges the batch (one
     * round trip, {@link Batch#commitWith}); if a product had moved meanwhile, that
     * write is undone and the products are planned again and written without committing, until
     * every one moved, and Sluice commits.
     */
    private long version(Batch batch, List<Long> ids, boolean commit) throws Exception {
        Connection c = batch.connection();
        long written = 0;
        List<Long> todo = ids;
        for (int round = 0; !todo.isEmpty(); round++) {
            if (round == MAX_PLAN_ROUNDS) {
                throw new IllegalStateException("products " + todo + " kept moving under " + MAX_PLAN_ROUNDS + " plans; retrying the batch");
            }
            List<VersionWrite> plan = versioning.post("/versions/plan", new Wire.Ids(todo), Wire.Plan.class).writes();
            if (commit && round == 0 && !plan.isEmpty()) {
                beforeLastWrite.beforeLastWrite(batch);
                if (store.applyBatchWith(batch, plan)) {
                    return plan.size();
                }
            }
            Set<Long> moved = store.applyBatch(c, plan);
            written += moved.size();
            todo = plan.stream().map(VersionWrite::productId).filter(id -> !moved.contains(id)).toList();
        }
        return written;
    }
}
