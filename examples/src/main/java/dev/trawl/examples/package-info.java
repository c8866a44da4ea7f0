/**
 * The seed article's asyncio snippets, one runnable class each, written with aio. The article's 2 s
 * and 1 s tasks take 200 ms and 100 ms here. Each class has a {@code main} and a {@code demo}
 * method that prints what the article prints and returns what its tests check.
 */
package dev.trawl.examples;
