package com.velure.auth.account;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Slows down password guessing: after {@code velure.auth.login-throttle.account-failures} (5)
 * failed logins for one account, or {@code .address-failures} (50) from one client address,
 * within {@code .window} (15 minutes) of the first, further logins for that account or from that
 * address are refused with 429 until the window ends, without costing a hash. A successful login
 * clears its account's count. Counts live in this instance's memory (with R replicas an attacker
 * gets up to R times the limit).
 */
@ApplicationScoped
public class LoginThrottle {

    private static final int MAX_TRACKED = 100_000;

    @Inject
    @ConfigProperty(name = "velure.auth.login-throttle.account-failures", defaultValue = "5")
    int accountFailures;

    @Inject
    @ConfigProperty(name = "velure.auth.login-throttle.address-failures", defaultValue = "50")
    int addressFailures;

    @Inject
    @ConfigProperty(name = "velure.auth.login-throttle.window", defaultValue = "PT15M")
    Duration window;

    private FailureCounter accounts;
    private FailureCounter addresses;

    @PostConstruct
    void init() {
        accounts = new FailureCounter(accountFailures, window, MAX_TRACKED, Clock.systemUTC());
        addresses = new FailureCounter(addressFailures, window, MAX_TRACKED, Clock.systemUTC());
    }

    /** How long this login must wait, or empty when it may proceed. */
    public Optional<Duration> blockedFor(String email, String address) {
        Optional<Duration> account = accounts.blockedFor(email);
        Optional<Duration> client = addresses.blockedFor(address);
        if (account.isPresent() && client.isPresent()) {
            return Optional.of(account.get().compareTo(client.get()) > 0 ? account.get() : client.get());
        }
        return account.isPresent() ? account : client;
    }

    public void failed(String email, String address) {
        accounts.recordFailure(email);
        addresses.recordFailure(address);
    }

    public void succeeded(String email) {
        accounts.reset(email);
    }
}
