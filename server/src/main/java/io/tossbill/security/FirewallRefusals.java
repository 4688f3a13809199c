package io.tossbill.security;

import io.tossbill.platform.ApiPaths;
import io.tossbill.platform.ApiProblems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * A request Spring Security's firewall refuses ({@code ..} or {@code ;} in the path, a header value
 * it will not hand out) is a 400 in the usual shape: problem details with {@code REQUEST_REJECTED}
 * on the merchant API and webhooks; elsewhere the error path answers (a page, or the sandbox's
 * shape). Never Spring Boot's default JSON.
 */
final class FirewallRefusals implements RequestRejectedHandler {

  @Override
  public void handle(
      HttpServletRequest request,
      HttpServletResponse response,
      RequestRejectedException requestRejectedException)
      throws IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (ApiPaths.isMerchant(path)) {
      ApiProblems.send(
          request,
          response,
          ApiProblems.of(
              HttpStatus.BAD_REQUEST,
              "REQUEST_REJECTED",
              "api.request.rejected",
              ApiProblems.language(request)));
      return;
    }
    response.sendError(HttpStatus.BAD_REQUEST.value());
  }
}
