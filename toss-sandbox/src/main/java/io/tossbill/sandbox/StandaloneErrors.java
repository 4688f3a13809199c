package io.tossbill.sandbox;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Error answers of the standalone sandbox that no sandbox controller gives: an unknown path, and
 * what the servlet container refuses before Spring runs (a malformed path, an unsupported Expect
 * header...). Toss's API paths get Toss's {@code {code, message}}, everything else problem details;
 * never an HTML page. Only the standalone application imports this: a host keeps its own.
 */
@Configuration(proxyBeanMethods = false)
class StandaloneErrors {

  @Bean
  @ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> tossSandboxErrorReportValve(
      TossSandboxProperties properties) {
    return new ValveCustomizer(properties.basePath());
  }

  /** The answer to a refusal by status, in the shape of the path it was for. */
  static byte[] body(
      SandboxJson json, int status, @Nullable String path, String basePath, Lang lang) {
    if (Problems.isApiPath(path, basePath)) {
      ErrorCatalogue.Entry entry =
          ErrorCatalogue.get(
              status == 404
                  ? "NOT_FOUND"
                  : status >= 500 && status != 501
                      ? "FAILED_INTERNAL_SYSTEM_PROCESSING"
                      : "INVALID_REQUEST");
      Map<String, String> body = new LinkedHashMap<>();
      body.put("code", entry.code());
      body.put("message", entry.message(lang));
      return json.write(body);
    }
    return json.write(
        Problems.body(
            status,
            Problems.codeOf(status),
            Messages.get(lang, Problems.messageKeyOf(status), status),
            lang,
            path));
  }

  static String contentType(@Nullable String path, String basePath) {
    return Problems.isApiPath(path, basePath) ? "application/json" : Problems.MEDIA_TYPE;
  }

  /**
   * Spring Boot's error path ({@code /error}), where the container forwards what went wrong.
   * Registered as a member of this imported configuration.
   */
  @RestController("tossSandboxErrorController")
  static final class StandaloneErrorController implements ErrorController {

    private final SandboxJson json;
    private final String basePath;

    StandaloneErrorController(SandboxJson tossSandboxJson, TossSandboxProperties properties) {
      this.json = tossSandboxJson;
      this.basePath = properties.basePath();
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<byte[]> error(HttpServletRequest request) {
      int status =
          request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
              ? code
              : 500;
      if (status < 400) {
        status = 500;
      }
      String path =
          request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri
              ? uri
              : null;
      Lang lang = Lang.of(request);
      return ResponseEntity.status(status)
          .header("X-TossPayments-Trace-Id", Ids.traceId())
          .contentType(MediaType.parseMediaType(contentType(path, basePath)))
          .body(body(json, status, path, basePath, lang));
    }
  }

  /** Puts {@link ProblemValve} in place of the host's HTML error report valve. */
  static final class ValveCustomizer
      implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final String basePath;

    ValveCustomizer(String basePath) {
      this.basePath = basePath;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
      factory.addContextCustomizers(
          context -> {
            Container host = context.getParent();
            if (host instanceof StandardHost standardHost) {
              standardHost.setErrorReportValveClass(ProblemValve.class.getName());
            }
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
              if (valve instanceof ErrorReportValve) {
                pipeline.removeValve(valve);
              }
            }
            pipeline.addValve(new ProblemValve(basePath));
          });
    }

    /** After Spring Boot's own customizer, which adds an HTML error report valve. */
    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }
  }

  /** Tomcat's error report, written as JSON instead of an HTML page. */
  static final class ProblemValve extends ErrorReportValve {

    private final SandboxJson json = new SandboxJson();
    private final String basePath;

    /** For Tomcat, which may create the host's error report valve by class name. */
    public ProblemValve() {
      this("");
    }

    ProblemValve(String basePath) {
      this.basePath = basePath;
      setShowReport(false);
      setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      AtomicBoolean ioAllowed = new AtomicBoolean(true);
      response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
      if (!ioAllowed.get()) {
        return;
      }
      String path = request.getRequestURI();
      Lang lang = Lang.fromAcceptLanguage(request.getHeader("Accept-Language"));
      try {
        byte[] body = body(json, status, path, basePath, lang);
        response.setContentType(contentType(path, basePath));
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.setHeader("X-TossPayments-Trace-Id", Ids.traceId());
        OutputStream out = response.getOutputStream();
        out.write(body);
        out.flush();
      } catch (IOException | IllegalStateException e) {
        // the client went away, or the response was already taken: nothing more to say
      }
    }
  }
}
