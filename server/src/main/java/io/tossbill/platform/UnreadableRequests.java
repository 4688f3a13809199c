package io.tossbill.platform;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says why a request could not be read, naming what was wrong where it can: the field of the body
 * ({@code items[0].price}), the parameter of the address, or the JSON itself. All are 400 {@code
 * INVALID_REQUEST}; the field is also in {@code field} for programs.
 */
final class UnreadableRequests {

  private UnreadableRequests() {}

  static ProblemDetail explain(Exception e, Locale locale) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BodyTooLargeException tooLarge) {
        return tooLarge.problem(locale);
      }
    }
    return switch (e) {
      case MethodArgumentTypeMismatchException mismatch ->
          withField(
              invalid("api.request.parameter.invalid", locale, mismatch.getName()),
              mismatch.getName());
      case MissingServletRequestParameterException missing ->
          withField(
              invalid("api.request.parameter.missing", locale, missing.getParameterName()),
              missing.getParameterName());
      case HttpMessageNotReadableException body -> body(body, locale);
      default -> invalid("api.request.unreadable", locale);
    };
  }

  private static ProblemDetail body(HttpMessageNotReadableException e, Locale locale) {
    if (e.getCause() == null) {
      return invalid("api.request.body.missing", locale);
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof UnrecognizedPropertyException unknown) {
        String field = path(unknown.getPath());
        return withField(invalid("api.request.field.unknown", locale, field), field);
      }
      if (cause instanceof DatabindException mismatch && !mismatch.getPath().isEmpty()) {
        String field = path(mismatch.getPath());
        return withField(invalid("api.request.field.invalid", locale, field), field);
      }
      if (cause instanceof StreamReadException syntax) {
        String duplicate = duplicateField(syntax);
        return duplicate != null
            ? withField(invalid("api.request.field.duplicate", locale, duplicate), duplicate)
            : invalid("api.request.json.invalid", locale);
      }
    }
    return invalid("api.request.unreadable", locale);
  }

  /** The name of a field given twice, when that is what the parser refused. */
  private static @Nullable String duplicateField(StreamReadException e) {
    String message = e.getOriginalMessage();
    if (message == null || !message.startsWith("Duplicate")) {
      return null;
    }
    JsonParser parser = e.processor();
    try {
      return parser == null ? "?" : String.valueOf(parser.currentName());
    } catch (RuntimeException closed) {
      return "?";
    }
  }

  /** {@code a.b[0].c} from Jackson's path. */
  static String path(List<JacksonException.Reference> references) {
    StringBuilder out = new StringBuilder();
    for (JacksonException.Reference reference : references) {
      if (reference.getPropertyName() != null) {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        out.append('[').append(reference.getIndex()).append(']');
      }
    }
    return out.isEmpty() ? "?" : Text.forLog(out.toString(), 100);
  }

  private static ProblemDetail invalid(String key, Locale locale, Object... args) {
    return ApiProblems.of(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", key, locale, args);
  }

  private static ProblemDetail withField(ProblemDetail problem, String field) {
    problem.setProperty("field", field);
    return problem;
  }
}
