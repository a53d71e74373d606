package com.velure.auth.throttle;

import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** How many failed logins per account and per client address a window allows before 429. */
@ConfigProperties(prefix = "velure.auth.login-throttle")
public class LoginThrottleSettings {

    @ConfigProperty(name = "account-failures", defaultValue = "5")
    int accountFailures;

    @ConfigProperty(name = "address-failures", defaultValue = "50")
    int addressFailures;

    /** Counted from an account's or address's first failure. */
    @ConfigProperty(name = "window", defaultValue = "PT15M")
    Duration window;
}
