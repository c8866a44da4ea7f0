package dev.trawl.store;

import java.nio.file.Path;

/**
 * A complete body in a temporary file, not yet under its final name; {@link ImageStore#commit}
 * syncs it before naming it.
 *
 * @param temp the temporary file inside the out dir's {@code .trawl/tmp}
 * @param bytes the body's size
 * @param sha256 the body's SHA-256, lowercase hex
 * @param type the image format found by its magic bytes
 * @param size the size its header states ({@link Dimensions#UNKNOWN} for SVG, or when the header
 *     was not found in its first MiB)
 */
public record Staged(Path temp, long bytes, String sha256, ImageType type, Dimensions size) {}
