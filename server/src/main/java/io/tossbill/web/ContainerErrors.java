package io.tossbill.web;

import io.tossbill.platform.Languages;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
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
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * What the servlet container refuses before Spring runs (a path with {@code %zz} or an encoded
 * slash, an unknown {@code Expect}, headers too large) is answered like every other refusal, by
 * {@link ErrorAnswers}, instead of Tomcat's HTML report: puts {@link AnswerValve} in place of the
 * host's error report valve.
 */
@Component
class ContainerErrors
    implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

  private final ErrorAnswers answers;

  ContainerErrors(ErrorAnswers answers) {
    this.answers = answers;
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(
        context -> {
          Container host = context.getParent();
          if (host instanceof StandardHost standardHost) {
            standardHost.setErrorReportValveClass(AnswerValve.class.getName());
          }
          Pipeline pipeline = host.getPipeline();
          for (Valve valve : pipeline.getValves()) {
            if (valve instanceof ErrorReportValve) {
              pipeline.removeValve(valve);
            }
          }
          pipeline.addValve(new AnswerValve(answers));
        });
  }

  /** After Spring Boot's own customizer, which adds an HTML error report valve. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  /** Tomcat's error report, written by {@link ErrorAnswers}. */
  static final class AnswerValve extends ErrorReportValve {

    private final @Nullable ErrorAnswers answers;

    /** For Tomcat, which may create the host's error report valve by class name. */
    public AnswerValve() {
      this(null);
    }

    AnswerValve(@Nullable ErrorAnswers answers) {
      this.answers = answers;
      setShowReport(false);
      setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      if (answers == null) {
        super.report(request, response, throwable);
        return;
      }
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      AtomicBoolean ioAllowed = new AtomicBoolean(true);
      response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
      if (!ioAllowed.get()) {
        return;
      }
      String path = path(request);
      Locale language = Languages.of(request.getHeader("Accept-Language"));
      ErrorAnswers.Answer answer =
          ErrorAnswers.isPage(path)
              ? answers.page(status, language)
              : answers.json(status, path, String.valueOf(request.getMethod()), language);
      try {
        response.setContentType(answer.contentType());
        response.setContentLength(answer.body().length);
        OutputStream out = response.getOutputStream();
        out.write(answer.body());
        out.flush();
      } catch (IOException | IllegalStateException e) {
        // the client went away, or the response was already taken: nothing more to say
      }
    }

    /** The path asked for; what Tomcat could not decode is read as it came. */
    private static @Nullable String path(Request request) {
      String uri = request.getRequestURI();
      if (uri == null) {
        return null;
      }
      String context = request.getContextPath();
      return context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }
  }
}
