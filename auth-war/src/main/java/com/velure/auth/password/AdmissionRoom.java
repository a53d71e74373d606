package com.velure.auth.password;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperties;

import java.util.OptionalLong;

/**
 * Tells the ingress, on every answer auth gives, how many sign-ups and sign-ins its queue would
 * admit now ({@link HashingQueue#room}), in {@value #HEADER}: {@code POST /api/auth/register=3,
 * POST /api/auth/login=40}.
 *
 * <p>Why: after auth refuses a route the ingress answers that route itself for a moment, and it
 * used to let one probe through and keep the route shut until the probe was answered. An
 * admitted sign-up waits its turn behind seconds of queued hashes, so one refusal shut sign-ups
 * for that long while the queue had room again a few milliseconds later; at 60 users (about the
 * hashing capacity) auth refused 19 requests in six minutes and the ingress, for them, 415
 * (issue 15). Auth answers a request every few tens of milliseconds at that load, and each
 * answer now says when there is room again and for how many. Set after the resource ran, so
 * an answer that just freed a slot counts it. Not part of the public API: sent only when
 * {@code velure.auth.hashing.admission-header} is true, which the local stack sets, and its
 * ingress removes it.
 */
@Provider
public class AdmissionRoom implements ContainerResponseFilter {

    public static final String HEADER = "Velure-Admission-Room";
    /**
     * How long this request waited for hashing slots, as a Server-Timing metric in milliseconds
     * ({@code hashing-wait;dur=1234.5}), while the hashes are what is scarce
     * ({@link HashingQueue#hashingBound}): the ingress then leaves that wait out of the time its
     * limit on requests in flight learns from, because this queue bounds it and it costs no CPU.
     * When the hashes wait for the cores instead, the wait here is the cores' and the limit sees
     * it whole.
     */
    public static final String WAIT_HEADER = "Server-Timing";

    @Inject
    HashingQueue queue;

    @Inject
    @ConfigProperties
    HashingSettings settings;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!settings.admissionHeader) {
            return;
        }
        response.getHeaders().putSingle(HEADER, "POST " + EarlyRefusal.SIGN_UP_PATH + "=" + queue.room(HashingQueue.Priority.SIGN_UP)
                + ", POST " + EarlyRefusal.SIGN_IN_PATH + "=" + queue.room(HashingQueue.Priority.SIGN_IN));
        OptionalLong waited = queue.takeWaitOfThisRequest();
        if (waited.isPresent() && queue.hashingBound()) {
            response.getHeaders().putSingle(WAIT_HEADER, "hashing-wait;dur=" + waited.getAsLong() / 1000 / 1000.0);
        }
    }
}
