package com.velure.order.catalog;

/** The catalog's answer to a reservation: every line reserved, or none and why. */
public record Reservation(boolean reserved, String reason) {

    public static Reservation accepted() {
        return new Reservation(true, null);
    }

    public static Reservation rejected(String reason) {
        return new Reservation(false, reason);
    }
}
