package dev.trawl.fetch;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.protocol.RedirectLocations;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Shapes every request as it leaves, redirects included: the secret headers ({@code Authorization},
 * {@code Cookie}, {@code Proxy-Authorization} from {@code --header}) go only to the start URLs'
 * hosts and only while no redirect has left the host first asked (curl's rule since
 * CVE-2018-1000007), and a Referer from an https page never goes to an http URL. Stateless per
 * request: what the request first asked for travels in its context. Thread-safe.
 */
final class RequestShaper implements HttpRequestInterceptor {
  /** Context attribute: the host a request was first made for. */
  static final String FIRST_HOST = "dev.trawl.first-host";

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
    if (!secrets.isEmpty() && mayCarrySecrets(host, HttpClientContext.cast(context))) {
      for (ExtraHeader h : secrets) {
        request.addHeader(h.name(), h.value());
      }
    }
    Header referer = request.getFirstHeader("Referer");
    if (referer != null
        && RefererPolicy.isDowngrade(
            referer.getValue(), String.valueOf(request.getScheme()) + ":")) {
      request.removeHeaders("Referer");
    }
  }

  private boolean mayCarrySecrets(String host, HttpClientContext context) {
    Object first = context.getAttribute(FIRST_HOST);
    if (!secretHosts.contains(host) || !host.equals(first)) {
      return false;
    }
    RedirectLocations hops = context.getRedirectLocations();
    if (hops != null) {
      for (URI hop : hops.getAll()) {
        if (hop.getHost() == null || !hop.getHost().toLowerCase(Locale.ROOT).equals(host)) {
          return false; // once a redirect left the host, the secrets stay behind
        }
      }
    }
    return true;
  }
}
