package io.tossbill.web;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Absolute addresses of this server's pages, for links that leave the browser: mails and the URLs
 * the merchant API hands out. {@code tossbill.web.public-url} when set, else this node's loopback
 * address and port (the default run).
 */
@Service
public class PublicUrls {

  private final WebProperties properties;
  private volatile int port = 8080;

  PublicUrls(WebProperties properties) {
    this.properties = properties;
  }

  @EventListener
  void on(WebServerInitializedEvent event) {
    port = event.getWebServer().getPort();
  }

  /** The base address without a trailing slash, e.g. {@code http://127.0.0.1:8080}. */
  public String base() {
    return properties.publicUrl() != null
        ? properties.publicUrl().toString()
        : "http://127.0.0.1:" + port;
  }

  /** An absolute address for a path that starts with {@code /}. */
  public String of(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("a path starts with /, was " + path);
    }
    return base() + path;
  }
}
