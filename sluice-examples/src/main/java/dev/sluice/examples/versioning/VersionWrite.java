package dev.sluice.examples.versioning;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One version to write: product {@code productId} moves from version {@code version - 1} to
 * {@code version}, made from its data at {@code revision}.
 */
public record VersionWrite(long productId, int version, long revision, JsonNode snapshot) {
}
