package io.tossbill.portal;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The way back to the merchant's app on every subscriber page opened through a portal link. */
@ControllerAdvice(basePackageClasses = PortalModel.class)
class PortalModel {

  private final CurrentSubscriber current;

  PortalModel(CurrentSubscriber current) {
    this.current = current;
  }

  @ModelAttribute("portalReturnUrl")
  @Nullable String portalReturnUrl() {
    return current.returnUrl().orElse(null);
  }
}
