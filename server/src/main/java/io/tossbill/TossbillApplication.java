package io.tossbill;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The tossbill billing server. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TossbillApplication {

  public static void main(String[] args) {
    SpringApplication.run(TossbillApplication.class, args);
  }
}
