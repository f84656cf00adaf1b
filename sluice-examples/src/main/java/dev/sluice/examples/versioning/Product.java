package dev.sluice.examples.versioning;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** A product as the Product service returns it. */
public record Product(long id, long ownerId, String name, BigDecimal price, JsonNode attributes, boolean eligible,
                      long revision, long versionedRevision, int currentVersion) {

    /** True when the product has an eligible change that no version covers yet. */
    public boolean needsVersion() {
        return eligible && revision > versionedRevision;
    }
}
