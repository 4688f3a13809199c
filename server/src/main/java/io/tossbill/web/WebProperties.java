package io.tossbill.web;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the pages are reached.
 *
 * @param publicUrl the address people and mails use for this server (e.g. {@code
 *     https://billing.example.com}); unset: {@code http://127.0.0.1:<port>} of this node
 */
@ConfigurationProperties("tossbill.web")
record WebProperties(@Nullable URI publicUrl) {

  WebProperties {
    if (publicUrl != null) {
      String scheme = publicUrl.getScheme();
      if (!("http".equals(scheme) || "https".equals(scheme)) || publicUrl.getHost() == null) {
        throw new IllegalArgumentException(
            "tossbill.web.public-url must be an absolute http(s) URL, was " + publicUrl);
      }
      String text = publicUrl.toString();
      if (text.endsWith("/")) {
        publicUrl = URI.create(text.substring(0, text.length() - 1));
      }
    }
  }
}
