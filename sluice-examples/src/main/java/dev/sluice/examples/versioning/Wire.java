package dev.sluice.examples.versioning;

import java.util.List;

/** The JSON bodies the three services exchange. */
final class Wire {

    private Wire() {
    }

    /** A bulk request: the ids to read or version. */
    record Ids(List<Long> ids) {
    }

    record Products(List<Product> products) {
    }

    record Users(List<User> users) {
    }

    /** The Versioning service's answer to a batch: the versions to write, computed in memory. */
    record Plan(List<VersionWrite> writes) {
    }

    /** The old pipeline's per-record request. */
    record One(long id) {
    }

    /** The old pipeline's per-record outcome: {@code versioned}, {@code skipped} or {@code conflict}. */
    record Outcome(String outcome) {
    }
}
