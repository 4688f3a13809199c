package io.tossbill.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.nodes.Element;

/**
 * What a person does in the (sandbox's) card window, without a browser: reads the page's card
 * window button, opens the window with its values, types a card, and comes back to the success or
 * fail address with Toss's query parameters.
 */
public final class CardWindow {

  public static final String GOOD_CARD = "4330123412341234";

  private CardWindow() {}

  /** Registers {@code cardNumber} from a page with a card window button; returns the page after. */
  public static PageClient.Page register(
      PageClient client, PageClient.Page page, String cardNumber) {
    Element button = page.one("[data-card-window]");
    String windowUrl =
        client.base()
            + button.attr("data-script").replaceFirst("/v2/standard$", "")
            + "/_sandbox/billing-auth?"
            + PageClient.form(
                Map.of(
                    "clientKey", button.attr("data-client-key"),
                    "customerKey", button.attr("data-customer-key"),
                    "successUrl", button.attr("data-success-url"),
                    "failUrl", button.attr("data-fail-url")));
    PageClient.Page window = client.get(windowUrl);
    assertThat(window.status()).as(window.body()).isEqualTo(200);
    Map<String, String> fields = new LinkedHashMap<>();
    for (Element hidden : window.html().select("form input[type=hidden]")) {
      fields.put(hidden.attr("name"), hidden.attr("value"));
    }
    fields.put("cardNumber", cardNumber);
    fields.put("expiry", "12/45");
    fields.put("identity", "900101");
    fields.put("agree", "true");
    fields.put("action", "register");
    String action = window.one("form").attr("action");
    PageClient.Page back = client.post(action, fields);
    assertThat(back.status()).as(back.body()).isEqualTo(303);
    return client.open(back.location());
  }

  /** The query parameters of an address. */
  public static Map<String, String> query(String url) {
    Map<String, String> out = new LinkedHashMap<>();
    String raw = URI.create(url).getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        String[] kv = pair.split("=", 2);
        out.put(
            URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    return out;
  }
}
