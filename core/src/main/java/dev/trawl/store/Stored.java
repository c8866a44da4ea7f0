package dev.trawl.store;

/**
 * Where a staged body ended up.
 *
 * @param file the file name, relative to the out dir
 * @param duplicate true when the same bytes were already stored under {@code file}
 */
public record Stored(String file, boolean duplicate) {}
