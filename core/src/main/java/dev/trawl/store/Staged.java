package dev.trawl.store;

import java.nio.file.Path;

/**
 * A complete body, not yet under its final name: in its temporary file, or in memory until {@link
 * ImageStore#commit} (or the {@link PictureCommitter}) writes it there and syncs it before naming
 * it.
 *
 * @param temp the temporary file inside the out dir's {@code .trawl/tmp}; a body kept in memory and
 *     then written to an unnamed file (see {@link ImageStore}) never has a file under it, and the
 *     name only tells it apart
 * @param bytes the body's size
 * @param sha256 the body's SHA-256, lowercase hex
 * @param type the image format found by its magic bytes
 * @param size the size its header states ({@link Dimensions#UNKNOWN} for SVG, or when the header
 *     was not found in its first MiB)
 */
public record Staged(Path temp, long bytes, String sha256, ImageType type, Dimensions size) {}
