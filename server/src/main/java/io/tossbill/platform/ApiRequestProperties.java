package io.tossbill.platform;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of a merchant API request, checked before any controller runs.
 *
 * @param maxBodyBytes a larger body is refused with 413 before it is read (the largest real body, a
 *     plan with its features, is a few kB)
 */
@Validated
@ConfigurationProperties("tossbill.api")
public record ApiRequestProperties(
    @DefaultValue("1048576") @Min(1024) @Max(67_108_864) int maxBodyBytes) {}
