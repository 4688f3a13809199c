package io.tossbill.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.web.method.annotation.ExceptionHandlerMethodResolver;

class ApiExceptionHandlerTests {

  private final ExceptionHandlerMethodResolver resolver =
      new ExceptionHandlerMethodResolver(ApiExceptionHandler.class);

  @Test
  void anIllegalArgumentExceptionIsABugNotABadRequest() {
    Method handler =
        resolver.resolveMethod(new IllegalArgumentException("a plan id is positive, was 0"));

    assertThat(handler).isNotNull().extracting(Method::getName).isEqualTo("unexpected");
  }

  @Test
  void anUnreadableBodyIsABadRequest() {
    Method handler =
        resolver.resolveMethod(
            new HttpMessageNotReadableException("no JSON", new MockHttpInputMessage(new byte[0])));

    assertThat(handler).isNotNull().extracting(Method::getName).isEqualTo("unreadable");
  }
}
