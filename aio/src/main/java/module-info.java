/**
 * aio: asyncio's programming model for Java, on virtual threads. The whole API is the package
 * {@link dev.trawl.aio}; start at {@link dev.trawl.aio.Aio}. No dependencies beyond {@code
 * java.base}.
 */
module dev.trawl.aio {
  exports dev.trawl.aio;
}
