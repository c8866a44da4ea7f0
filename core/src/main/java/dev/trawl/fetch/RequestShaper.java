package dev.trawl.fetch;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Shapes every request as it leaves, redirect hops included: the secret headers ({@code
 * Authorization}, {@code Cookie}, {@code Proxy-Authorization} from {@code --header}) go only to the
 * start URLs' hosts and only while no redirect has left the host first asked (curl's rule since
 * CVE-2018-1000007), which {@link HttpFetcher} marks in each hop's context; and a Referer from an
 * https page never goes to an http URL. Thread-safe.
 */
final class RequestShaper implements HttpRequestInterceptor {
  /** Context attribute: true while every hop so far stayed on the host first asked. */
  static final String SECRETS_ALLOWED = "dev.trawl.secrets-allowed";

  private final List<ExtraHeader> secrets;
  private final Set<String> secretHosts;

  /**
   * @param headers the user's headers; only the secret ones are handled here
   * @param secretHosts lower-case hosts the secret headers may go to
   */
  RequestShaper(List<ExtraHeader> headers, Set<String> secretHosts) {
    this.secrets = headers.stream().filter(ExtraHeader::isSecret).toList();
    this.secretHosts = Set.copyOf(secretHosts);
  }

  @Override
  public void process(HttpRequest request, EntityDetails entity, HttpContext context) {
    String host =
        request.getAuthority() == null
            ? ""
            : request.getAuthority().getHostName().toLowerCase(Locale.ROOT);
    if (!secrets.isEmpty()
        && secretHosts.contains(host)
        && Boolean.TRUE.equals(context.getAttribute(SECRETS_ALLOWED))) {
      for (ExtraHeader h : secrets) {
        request.addHeader(h.name(), h.value());
      }
    }
    Header referer = request.getFirstHeader("Referer");
    if (referer != null
        && RefererPolicy.isDowngrade(referer.getValue(), request.getScheme() + ":")) {
      request.removeHeaders("Referer");
    }
  }
}
