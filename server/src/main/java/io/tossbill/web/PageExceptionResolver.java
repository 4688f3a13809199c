package io.tossbill.web;

import io.tossbill.platform.ApiException;
import io.tossbill.platform.ApiProblems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.BindException;
import org.springframework.web.HttpMediaTypeException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestValueException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Renders every failure of a page request as the {@code error} page in the page's language: the
 * refusal's message for an {@link ApiException}, a plain sentence otherwise, never a stack trace.
 * Runs before the API's problem-details handler and leaves API, sandbox and webhook requests to it.
 */
final class PageExceptionResolver implements HandlerExceptionResolver, Ordered {

  private static final Logger log = LoggerFactory.getLogger(PageExceptionResolver.class);

  private final Messages messages;

  PageExceptionResolver(Messages messages) {
    this.messages = messages;
  }

  @Override
  public int getOrder() {
    // after Boot's DefaultErrorAttributes (which only records the exception), before the rest
    return Ordered.HIGHEST_PRECEDENCE + 1;
  }

  @Override
  public @Nullable ModelAndView resolveException(
      HttpServletRequest request,
      HttpServletResponse response,
      @Nullable Object handler,
      Exception e) {
    if (!PagePaths.isPage(request) || response.isCommitted()) {
      return null;
    }
    HttpStatus status;
    String message;
    if (e instanceof ApiException refusal) {
      status = refusal.status();
      message = messages.refusal(refusal);
    } else if (e instanceof NoResourceFoundException || e instanceof NoHandlerFoundException) {
      status = HttpStatus.NOT_FOUND;
      message = messages.text("error.page.404");
    } else if (e instanceof HttpRequestMethodNotSupportedException) {
      status = HttpStatus.METHOD_NOT_ALLOWED;
      message = messages.text("error.page.405");
    } else if (e instanceof TypeMismatchException
        || e instanceof MissingRequestValueException
        || e instanceof ServletRequestBindingException
        || e instanceof BindException
        || e instanceof HttpMessageNotReadableException
        || e instanceof HttpMediaTypeException
        || e instanceof MultipartException
        || ApiProblems.badlyEncoded(e)) {
      status = HttpStatus.BAD_REQUEST;
      message = messages.text("error.page.400");
    } else {
      log.error("Page {} {} failed", request.getMethod(), request.getRequestURI(), e);
      status = HttpStatus.INTERNAL_SERVER_ERROR;
      message = messages.text("error.page.500");
    }
    ModelAndView page = new ModelAndView("error");
    page.setStatus(status);
    page.addObject("status", status.value());
    page.addObject("pageMessage", message);
    return page;
  }
}
