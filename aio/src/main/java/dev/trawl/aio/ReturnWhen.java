package dev.trawl.aio;

/** When {@link Aio#wait(java.util.Collection, ReturnWhen)} returns; asyncio's constants. */
public enum ReturnWhen {
  /** As soon as any task is done (finished or cancelled). */
  FIRST_COMPLETED,
  /**
   * As soon as any task finishes with an exception, or when all are done. A cancelled task is not
   * an exception.
   */
  FIRST_EXCEPTION,
  /** When every task is done. */
  ALL_COMPLETED
}
