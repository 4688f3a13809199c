package io.tossbill.sandbox;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The Korean card registration window, as plain HTML with escaped values. */
final class WindowPage {

  /** What the form was opened with; carried through the POST as hidden fields. */
  record Request(
      String clientKey,
      String customerKey,
      String successUrl,
      String failUrl,
      @Nullable String customerEmail,
      @Nullable String customerName) {}

  /** What the customer typed, shown again beside an error (the card number never is). */
  record Typed(String expiry, String identity, boolean agreed) {
    static Typed empty() {
      return new Typed("", "", false);
    }
  }

  private WindowPage() {}

  static String form(String action, Request request, Typed typed, @Nullable String error) {
    StringBuilder hidden = new StringBuilder();
    for (Map.Entry<String, @Nullable String> field : hiddenFields(request).entrySet()) {
      if (field.getValue() != null) {
        hidden
            .append("<input type=\"hidden\" name=\"")
            .append(field.getKey())
            .append("\" value=\"")
            .append(escape(field.getValue()))
            .append("\">\n");
      }
    }
    String body =
        """
        <form method="post" action="{{action}}" novalidate>
        {{hidden}}
        {{error}}
        <label for="cardNumber">카드번호</label>
        <input id="cardNumber" name="cardNumber" inputmode="numeric" autocomplete="cc-number" maxlength="19"
               placeholder="0000 0000 0000 0000" required>
        <div class="row">
          <div>
            <label for="expiry">유효기간</label>
            <input id="expiry" name="expiry" inputmode="numeric" autocomplete="cc-exp" maxlength="5"
                   placeholder="MM/YY" value="{{expiry}}" required>
          </div>
          <div>
            <label for="identity">생년월일/사업자번호</label>
            <input id="identity" name="identity" inputmode="numeric" maxlength="10" placeholder="YYMMDD"
                   value="{{identity}}" required>
          </div>
        </div>
        <p class="hint">생년월일 6자리(YYMMDD), 법인카드는 사업자번호 10자리</p>
        <label class="agree"><input type="checkbox" name="agree" value="true"{{agreed}}>
          [필수] 자동결제(정기결제) 이용약관 및 개인정보 수집·이용에 동의합니다.</label>
        <div class="buttons">
          <button type="submit" name="action" value="close" class="secondary" formnovalidate>닫기</button>
          <button type="submit" name="action" value="register" class="primary">등록</button>
        </div>
        </form>
        <details>
          <summary>테스트 카드 번호</summary>
          <p>15~16자리 숫자는 모두 등록됩니다. 아래 번호는 특별하게 동작합니다.</p>
          <table>
            <tr><td>4000000000000101</td><td>등록 거절 (REJECT_CARD_COMPANY)</td></tr>
            <tr><td>4000000000000102</td><td>등록 거절 (INVALID_CARD_NUMBER)</td></tr>
            <tr><td>4000000000000201</td><td>결제 시 한도초과/잔액부족 (REJECT_CARD_PAYMENT)</td></tr>
            <tr><td>4000000000000202</td><td>결제 시 정지된 카드 (INVALID_STOPPED_CARD)</td></tr>
            <tr><td>4000000000000203</td><td>결제 시 유효기간 오류 (INVALID_CARD_EXPIRATION)</td></tr>
            <tr><td>4000000000000204</td><td>결제 시 분실/도난 카드 (INVALID_CARD_LOST_OR_STOLEN)</td></tr>
            <tr><td>4000000000000205</td><td>결제 시 카드사 거절 (INVALID_REJECT_CARD)</td></tr>
            <tr><td>4000000000000206</td><td>결제 시 하루 결제 횟수 초과 (EXCEED_MAX_DAILY_PAYMENT_COUNT)</td></tr>
            <tr><td>4000000000000207</td><td>결제 시 카드사 오류 (FAILED_CARD_COMPANY_RESPONSE, 500)</td></tr>
            <tr><td>4000000000000208</td><td>결제 시 일시적 오류 (PROVIDER_ERROR)</td></tr>
            <tr><td>4000000000000301</td><td>몇 초 늦게 승인</td></tr>
            <tr><td>4000000000000302</td><td>승인 후 응답 지연 (타임아웃 유발)</td></tr>
          </table>
        </details>
        """
            .replace("{{action}}", escape(action))
            .replace("{{hidden}}", hidden.toString())
            .replace(
                "{{error}}",
                error == null ? "" : "<p class=\"error\" role=\"alert\">" + escape(error) + "</p>")
            .replace("{{expiry}}", escape(typed.expiry()))
            .replace("{{identity}}", escape(typed.identity()))
            .replace("{{agreed}}", typed.agreed() ? " checked" : "");
    return layout("카드 등록", body);
  }

  static String problem(String message) {
    return layout(
        "카드 등록을 진행할 수 없습니다",
        "<p class=\"error\" role=\"alert\">"
            + escape(message)
            + "</p>"
            + "<p class=\"hint\">가맹점의 연동 설정을 확인해주세요.</p>");
  }

  private static Map<String, @Nullable String> hiddenFields(Request request) {
    java.util.LinkedHashMap<String, @Nullable String> fields = new java.util.LinkedHashMap<>();
    fields.put("clientKey", request.clientKey());
    fields.put("customerKey", request.customerKey());
    fields.put("successUrl", request.successUrl());
    fields.put("failUrl", request.failUrl());
    fields.put("customerEmail", request.customerEmail());
    fields.put("customerName", request.customerName());
    return fields;
  }

  private static String layout(String title, String body) {
    return """
        <!DOCTYPE html>
        <html lang="ko">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>{{title}} · 토스페이먼츠 샌드박스</title>
        <style>
          * { box-sizing: border-box; }
          body { margin: 0; background: #f2f4f6; color: #191f28; word-break: keep-all;
                 font-family: -apple-system, BlinkMacSystemFont, "Apple SD Gothic Neo", "Noto Sans KR", sans-serif; }
          main { max-width: 420px; margin: 40px auto; background: #fff; border-radius: 16px; padding: 28px;
                 box-shadow: 0 2px 12px rgba(0,0,0,.06); }
          .brand { font-size: 13px; color: #3182f6; font-weight: 700; margin: 0 0 4px; }
          h1 { font-size: 22px; margin: 0 0 20px; }
          label { display: block; font-size: 14px; color: #4e5968; margin: 14px 0 6px; }
          input[type=text], input:not([type]), input[inputmode] { width: 100%; padding: 12px 14px; font-size: 16px;
                 border: 1px solid #d1d6db; border-radius: 10px; background: #f9fafb; }
          input:focus { outline: 2px solid #3182f6; border-color: #3182f6; background: #fff; }
          .row { display: flex; gap: 12px; } .row > div { flex: 1; }
          .agree { display: flex; gap: 8px; align-items: flex-start; margin-top: 18px; color: #333d4b; }
          .buttons { display: flex; gap: 10px; margin-top: 24px; }
          button { flex: 1; padding: 14px; font-size: 16px; border: 0; border-radius: 10px; cursor: pointer; }
          .primary { background: #3182f6; color: #fff; } .secondary { background: #e8f3ff; color: #1b64da; }
          .error { background: #fff0f0; color: #e42939; padding: 10px 12px; border-radius: 8px; font-size: 14px; }
          .hint { color: #8b95a1; font-size: 13px; margin: 6px 0 0; }
          details { margin-top: 24px; font-size: 13px; color: #6b7684; }
          table { border-collapse: collapse; width: 100%; margin-top: 8px; }
          td { padding: 4px 6px; border-top: 1px solid #eef0f3; } td:first-child { font-family: monospace; }
        </style>
        </head>
        <body>
        <main>
        <p class="brand">토스페이먼츠 샌드박스 · 테스트 환경</p>
        <h1>{{title}}</h1>
        {{body}}
        </main>
        </body>
        </html>
        """
        .replace("{{title}}", escape(title))
        .replace("{{body}}", body);
  }

  static String escape(String value) {
    StringBuilder sb = new StringBuilder(value.length());
    for (char c : value.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
