package dev.sluice.examples.versioning;

/**
 * One version to write: product {@code productId} moves from version {@code version - 1} to
 * {@code version}, made from its data at {@code revision}. {@code snapshot} is the version's JSON
 * text, serialized once where it is made: the worker passes it to the write as it came, without
 * parsing it into a tree and writing it out again.
 */
public record VersionWrite(long productId, int version, long revision, String snapshot) {
}
