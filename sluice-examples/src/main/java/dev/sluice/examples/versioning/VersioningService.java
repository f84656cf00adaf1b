package dev.sluice.examples.versioning;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The Versioning service. Two endpoints, one per pipeline:
 *
 * <ul>
 * <li>{@code POST /versions/plan {"ids": [up to 150]}} (new): reads the products in one call to the
 * Product service and their owners in one call to the User service, computes every next version in
 * memory and returns them. The caller, a Sluice worker, writes them in its batch transaction, the
 * one that also acknowledges the queue messages (see {@link NewPipeline} for why).</li>
 * <li>{@code POST /versions/one {"id": n}} (old): reads the product and its owner with one call
 * each, computes, and writes the version in a transaction of its own.</li>
 * </ul>
 */
public final class VersioningService implements AutoCloseable {

    /** Most product ids per plan request, as in the write-up. */
    public static final int MAX_BATCH = 150;

    private final DataSource dataSource;
    private final VersionStore store;
    private final ServiceClient products;
    private final ServiceClient users;
    private final JsonHttpServer server;

    public VersioningService(DataSource dataSource, String schema, HttpClient http, URI productService, URI userService, int threads)
            throws IOException {
        this.dataSource = dataSource;
        this.store = new VersionStore(schema);
        this.products = new ServiceClient(http, productService);
        this.users = new ServiceClient(http, userService);
        this.server = new JsonHttpServer("versioning-service", threads, Map.of(
                "/versions/plan", (rest, body) -> plan(Json.read(body, Wire.Ids.class).ids()),
                "/versions/one", (rest, body) -> one(Json.read(body, Wire.One.class).id())));
    }

    public URI uri() {
        return server.uri();
    }

    private Wire.Plan plan(List<Long> ids) {
        if (ids == null || ids.isEmpty() || ids.size() > MAX_BATCH) {
            throw new JsonHttpServer.HttpError(400, "ids must hold 1 to " + MAX_BATCH + " product ids; got "
                    + (ids == null ? 0 : ids.size()));
        }
        List<Product> found = products.post("/products/bulk", new Wire.Ids(ids), Wire.Products.class).products();
        List<Product> pending = found.stream().filter(Product::needsVersion).toList();
        if (pending.isEmpty()) {
            return new Wire.Plan(List.of());
        }
        Set<Long> ownerIds = new LinkedHashSet<>();
        pending.forEach(p -> ownerIds.add(p.ownerId()));
        Map<Long, User> owners = new HashMap<>();
        for (User u : users.post("/users/bulk", new Wire.Ids(new ArrayList<>(ownerIds)), Wire.Users.class).users()) {
            owners.put(u.id(), u);
        }
        List<VersionWrite> writes = new ArrayList<>(pending.size());
        for (Product p : pending) {
            VersioningLogic.next(p, owners.get(p.ownerId())).ifPresent(writes::add);
        }
        return new Wire.Plan(writes);
    }

    private Wire.Outcome one(long id) throws Exception {
        Product product = products.get("/products/" + id, Product.class);
        if (product == null || !product.needsVersion()) {
            return new Wire.Outcome("skipped");
        }
        User owner = users.get("/users/" + product.ownerId(), User.class);
        Optional<VersionWrite> write = VersioningLogic.next(product, owner);
        if (write.isEmpty()) {
            return new Wire.Outcome("skipped");
        }
        return new Wire.Outcome(store.applyOne(dataSource, write.get()) ? "versioned" : "conflict");
    }

    @Override
    public void close() {
        server.close();
    }
}
