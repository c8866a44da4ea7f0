package dev.trawl.fetch;

import java.net.ConnectException;

/** The proxy a request goes through refused or did not answer the connection. */
public final class ProxyUnreachableException extends ConnectException {
  private final String address;

  public ProxyUnreachableException(String address, Throwable cause) {
    super("proxy unreachable: " + address);
    this.address = address;
    initCause(cause);
  }

  /** HOST:PORT of the proxy. */
  public String address() {
    return address;
  }
}
