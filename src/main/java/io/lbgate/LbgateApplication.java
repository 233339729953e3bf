package io.lbgate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class LbgateApplication {
    public static void main(String[] args) {
        SpringApplication.run(LbgateApplication.class, args);
    }
}
