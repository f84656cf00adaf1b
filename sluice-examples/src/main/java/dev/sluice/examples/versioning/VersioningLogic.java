package dev.sluice.examples.versioning;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The versioning rule, pure and in memory: the same code serves the old per-record path and the
 * new batch path, so both produce the same versions from the same data.
 */
public final class VersioningLogic {

    private VersioningLogic() {
    }

    /**
     * The next version of {@code product}, or empty when it needs none (not eligible, or its latest
     * eligible change is already versioned, or its owner is gone).
     */
    public static Optional<VersionWrite> next(Product product, User owner) {
        if (product == null || owner == null || !product.needsVersion()) {
            return Optional.empty();
        }
        ObjectNode snapshot = Json.MAPPER.createObjectNode();
        snapshot.put("id", product.id());
        snapshot.put("name", product.name());
        snapshot.put("price", product.price());
        snapshot.set("attributes", product.attributes());
        ObjectNode ownerNode = snapshot.putObject("owner");
        ownerNode.put("id", owner.id());
        ownerNode.put("name", owner.name());
        ownerNode.put("email", owner.email());
        snapshot.put("revision", product.revision());
        return Optional.of(new VersionWrite(product.id(), product.currentVersion() + 1, product.revision(), Json.text(snapshot)));
    }
}
