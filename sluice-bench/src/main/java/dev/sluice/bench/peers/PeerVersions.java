package dev.sluice.bench.peers;

/** A library's version from its jar manifest, or the version the build pins when the manifest has none. */
final class PeerVersions {
    private PeerVersions() {
    }

    static String of(Class<?> libraryClass, String pinned) {
        String version = libraryClass.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? pinned : version;
    }
}
