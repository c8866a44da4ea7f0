package dev.trawl.internal;

import dev.trawl.CrawlConfig;
import dev.trawl.CrawlException;
import dev.trawl.CrawlListener;
import dev.trawl.ItemOutcome;
import dev.trawl.ItemStatus;
import dev.trawl.Level;
import dev.trawl.fetch.FetchFailedException;
import dev.trawl.fetch.HttpStatusException;
import dev.trawl.fetch.PoliteFetcher;
import dev.trawl.fetch.RobotsDeniedException;
import dev.trawl.fetch.UrlGuard;
import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.PictureInfo;
import dev.trawl.frontier.UrlKey;
import dev.trawl.rewrite.RewriteTooSlowException;
import dev.trawl.store.DownloadArchive;
import dev.trawl.store.ImageStore;
import dev.trawl.store.NotAnImageException;
import dev.trawl.store.PictureFilters;
import dev.trawl.store.Sidecar;
import dev.trawl.store.Staged;
import dev.trawl.store.Stored;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;

/**
 * One claimed image in two steps: {@link #download} (the URL guard and the archive, the rewritten
 * URL or the one found with {@code --fallback}, the body staged in the image store) and {@link
 * #saved} (synced and named by the picture committer, recorded in the archive), each ending in the
 * outcome the state records.
 */
final class ImageStep {
  private final CrawlConfig config;
  private final PoliteFetcher fetcher;
  private final ImageStore images;
  private final DownloadArchive archive;
  private final CrawlListener listener;
  private final UrlGuard guard;

  /**
   * @param archive the download archive, or null
   */
  ImageStep(
      CrawlConfig config,
      PoliteFetcher fetcher,
      ImageStore images,
      DownloadArchive archive,
      CrawlListener listener,
      UrlGuard guard) {
    this.config = config;
    this.fetcher = fetcher;
    this.images = images;
    this.archive = archive;
    this.listener = listener;
    this.guard = guard;
  }

  /**
   * A claimed image after its download: either its {@code result} (skipped, failed, already in the
   * archive) or a body staged in a temp file for the picture committer.
   */
  /** The reason recorded for the pictures of a dry run. */
  static final String LISTED = "listed (dry run)";

  record Downloaded(CrawlStore.Claim claim, CrawlStore.Result result, Download got, int attempts) {}

  /**
   * Downloads the claimed image into a temp file; the host's request slot is free again when this
   * returns, so a slow disk does not hold back the next request.
   */
  Downloaded download(CrawlStore.Claim claim) {
    String refusal = guard.refusal(claim.key());
    if (refusal == null && archive != null && archive.hasUrl(claim.key())) {
      refusal = "in archive";
    }
    if (refusal != null) {
      return ended(claim, imageDone(claim, skipped(claim, refusal, claim.attempts()), null));
    }
    Level level = config.level(claim.level());
    String target;
    try {
      target = UrlKey.of(level.rewriter().rewrite(claim.url()));
    } catch (RewriteTooSlowException e) {
      return ended(
          claim,
          imageDone(claim, failure(claim, null, "rewrite too slow", claim.attempts()), null));
    }
    String filtered = config.filters().refusalOfUrl(target);
    if (filtered != null) {
      return ended(claim, imageDone(claim, skipped(claim, filtered, claim.attempts()), null));
    }
    if (config.listOnly()) {
      listener.imageListed(target, claim.page());
      return ended(claim, imageDone(claim, skipped(claim, LISTED, claim.attempts()), null));
    }
    int attempts = claim.attempts();
    String requested = target;
    try {
      PoliteFetcher.Fetched<Download> d;
      boolean rewritten = !target.equals(claim.key());
      try {
        d = download(target, claim.page());
      } catch (IOException failure) {
        IOException e = FetchFailedException.unwrap(failure);
        if (!level.fallback() || !rewritten || !fallsBack(e)) {
          if (rewritten) {
            listener.imageRewritten(claim.url(), target, false);
          }
          throw failure;
        }
        CrawlRun.checkCancelled();
        attempts += FetchFailedException.attemptsOf(failure);
        listener.imageRewritten(claim.url(), target, true);
        requested = claim.key();
        filtered = config.filters().refusalOfUrl(requested);
        if (filtered != null) {
          return ended(claim, imageDone(claim, skipped(claim, filtered, attempts), null));
        }
        d = download(requested, claim.page());
        rewritten = false; // counted
      }
      if (rewritten) {
        listener.imageRewritten(claim.url(), target, false);
      }
      attempts += d.attempts();
      Download got = d.value();
      if (archive != null && archive.hasHash(got.staged.sha256())) {
        images.discard(got.staged);
        return ended(claim, imageDone(claim, skipped(claim, "in archive", attempts), null));
      }
      return new Downloaded(claim, null, got, attempts);
    } catch (IOException failure) {
      return ended(claim, failed(claim, requested, failure, attempts));
    }
  }

  /** What is known of a downloaded picture: where it was found, and its size from the header. */
  PictureInfo info(Downloaded d) {
    return PictureInfo.decode(d.claim().meta())
        .withSize(d.got().staged.size().width(), d.got().staged.size().height());
  }

  /**
   * The outcome to record for a downloaded body the picture committer synced and named ({@code
   * stored}) or could not ({@code failure}); records it in the archive.
   */
  CrawlStore.Result saved(Downloaded d, Stored stored, IOException failure) {
    Download got = d.got();
    PictureInfo info = info(d);
    try {
      if (failure != null) {
        throw failure;
      }
      if (archive != null) {
        archive.record(d.claim().key(), got.staged.sha256());
      }
      ItemOutcome o =
          new ItemOutcome(
              d.claim().url(),
              got.finalUrl,
              d.claim().page(),
              stored.file(),
              got.staged.bytes(),
              got.staged.sha256(),
              got.staged.type().mimeType(),
              stored.duplicate() ? ItemStatus.DUPLICATE : ItemStatus.SAVED,
              stored.duplicate() ? "same bytes as " + stored.file() : null,
              d.attempts(),
              Instant.now(),
              info.json(),
              info.width(),
              info.height());
      if (config.writeMetadata() && !stored.duplicate()) {
        images.writeSidecar(
            stored.file(),
            new Sidecar.Facts(
                o.url(),
                o.finalUrl(),
                o.page(),
                info,
                o.bytes(),
                o.sha256(),
                o.contentType(),
                o.fetchedAt()));
      }
      return imageDone(d.claim(), o, info.encode());
    } catch (IOException e) {
      return failed(d.claim(), got.finalUrl, e, d.attempts());
    }
  }

  /**
   * Deletes the staged body of a download that will not be saved; a failure is left to the next
   * run.
   */
  void discard(Downloaded d) {
    try {
      images.discard(d.got().staged);
    } catch (IOException e) {
      // the next run deletes stale temp files
    }
  }

  private Downloaded ended(CrawlStore.Claim claim, CrawlStore.Result result) {
    return new Downloaded(claim, result, null, 0);
  }

  /**
   * The outcome of a failure, naming the URL requested last ({@code requested}, or where its
   * redirects ended); a full disk stops the crawl instead.
   */
  private CrawlStore.Result failed(
      CrawlStore.Claim claim, String requested, IOException failure, int attempts) {
    CrawlRun.checkCancelled();
    IOException e = FetchFailedException.unwrap(failure);
    if (diskFull(e)) {
      // Every later picture would fail too: stop; what is saved stays saved.
      throw new CrawlException("disk full: cannot write to " + images.outDir(), e);
    }
    int tries = attempts + FetchFailedException.attemptsOf(failure);
    if (e instanceof RobotsDeniedException r) {
      return imageDone(claim, skipped(claim, r.reason(), tries), null);
    }
    if (e instanceof PictureFilters.RefusedException r) {
      // what was learned of it decides whether a later run with other filters fetches it again
      ItemOutcome o =
          new ItemOutcome(
              claim.url(),
              null,
              claim.page(),
              null,
              r.bytes(),
              null,
              r.type() == null ? null : r.type().mimeType(),
              ItemStatus.SKIPPED,
              r.reason(),
              tries,
              Instant.now());
      return imageDone(
          claim,
          o,
          PictureInfo.decode(claim.meta()).withSize(r.size().width(), r.size().height()).encode());
    }
    return imageDone(
        claim,
        failure(
            claim,
            e instanceof HttpStatusException s ? s.url() : requested,
            CrawlRun.reason(e),
            tries),
        null);
  }

  private static ItemOutcome failure(
      CrawlStore.Claim claim, String finalUrl, String reason, int attempts) {
    return notSaved(claim, ItemStatus.FAILED, finalUrl, reason, attempts);
  }

  /**
   * Tells the listener and turns the outcome into the state's result.
   *
   * @param meta the picture's {@link PictureInfo} to keep, or null to keep the one it has
   */
  private CrawlStore.Result imageDone(CrawlStore.Claim claim, ItemOutcome o, String meta) {
    listener.imageDone(o);
    return new CrawlStore.Result(
        claim.id(),
        CrawlStore.Status.valueOf(o.status().name()),
        o.finalUrl(),
        o.file(),
        o.bytes(),
        o.sha256(),
        o.contentType(),
        o.reason(),
        o.attempts(),
        o.fetchedAt(),
        meta,
        null,
        null);
  }

  private static ItemOutcome skipped(CrawlStore.Claim claim, String reason, int attempts) {
    return notSaved(claim, ItemStatus.SKIPPED, null, reason, attempts);
  }

  private static ItemOutcome notSaved(
      CrawlStore.Claim claim, ItemStatus status, String finalUrl, String reason, int attempts) {
    return new ItemOutcome(
        claim.url(),
        finalUrl,
        claim.page(),
        null,
        0,
        null,
        null,
        status,
        reason,
        attempts,
        Instant.now(),
        claim.jsonSource(),
        null,
        null);
  }

  private static boolean fallsBack(IOException e) {
    if (e instanceof HttpStatusException s) {
      return s.status() == 404 || s.status() == 410;
    }
    return e instanceof NotAnImageException;
  }

  record Download(String finalUrl, Staged staged) {}

  /** Downloads {@code url}, found on {@code page}. */
  private PoliteFetcher.Fetched<Download> download(String url, String page) throws IOException {
    String referer = config.request().referer().refererFor(url, page);
    return fetcher.get(
        url,
        referer == null ? Map.of() : Map.of("Referer", referer),
        config.maxFileSize(),
        r -> {
          if (!r.isSuccess()) {
            throw new HttpStatusException(r.status(), r.finalUrl());
          }
          if (r.contentLength() >= 0) {
            String small = config.filters().refusalOfBytes(r.contentLength());
            if (small != null) {
              throw new PictureFilters.RefusedException(small, null, null, r.contentLength());
            }
          }
          return new Download(
              r.finalUrl(),
              images.stage(
                  Counted.of(r.body(), listener), r.finalUrl(), r.contentType(), config.filters()));
        });
  }

  /** True when {@code e} says the out dir's file system has no room left. */
  private boolean diskFull(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("No space left on device")) {
        return true;
      }
    }
    try {
      return Files.getFileStore(images.outDir()).getUsableSpace() == 0;
    } catch (IOException notKnown) {
      return false;
    }
  }
}
