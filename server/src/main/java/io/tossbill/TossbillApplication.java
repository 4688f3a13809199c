package io.tossbill;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.modulith.Modulithic;

/**
 * The tossbill billing server. The Toss sandbox lives in a sub-package by name only: it is a
 * separate library, mounted by the gateway module when sandbox mode is on, never picked up by
 * scanning.
 */
@SpringBootConfiguration
@Modulithic(systemName = "tossbill")
@EnableAutoConfiguration
@ConfigurationPropertiesScan(basePackages = "io.tossbill")
@ComponentScan(
    excludeFilters = {
      @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
      @ComponentScan.Filter(
          type = FilterType.CUSTOM,
          classes = AutoConfigurationExcludeFilter.class),
      @ComponentScan.Filter(type = FilterType.REGEX, pattern = "io\\.tossbill\\.sandbox\\..*")
    })
public class TossbillApplication {

  public static void main(String[] args) {
    SpringApplication.run(TossbillApplication.class, args);
  }
}
