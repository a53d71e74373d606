package com.velure.auth.throttle;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperties;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Slows down password guessing: after so many failed logins for one account, or from one client
 * address, within a window from the first ({@link LoginThrottleSettings}), further logins for that
 * account or from that address are refused until the window ends, without costing a hash. A successful login
 * clears its account's count. Counts live in this instance's memory (with R replicas an attacker
 * gets up to R times the limit).
 */
@ApplicationScoped
public class LoginThrottle {

    private static final int MAX_TRACKED = 100_000;

    @Inject
    @ConfigProperties
    LoginThrottleSettings settings;

    private FailureCounter accounts;
    private FailureCounter addresses;

    @PostConstruct
    void init() {
        accounts = new FailureCounter(settings.accountFailures, settings.window, MAX_TRACKED, Clock.systemUTC());
        addresses = new FailureCounter(settings.addressFailures, settings.window, MAX_TRACKED, Clock.systemUTC());
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
