package com.velure.loadtest;

/** The journey's four requests, in order, with what each must answer. */
public enum Step {
    REGISTER("register", "POST /api/auth/register", 201, "accessToken"),
    LOGIN("login", "POST /api/auth/login", 200, "accessToken"),
    PRODUCTS("products", "GET /api/product/products?page=1&limit=20", 200, "non-empty products"),
    ORDER("create-order", "POST /api/order/create-order", 201, "order_id and total > 0");

    /** The request's name in Gatling's results and in the report. */
    public final String requestName;
    public final String request;
    public final int expectedStatus;
    /** What the body must contain, in words. */
    public final String expectedBody;

    Step(String requestName, String request, int expectedStatus, String expectedBody) {
        this.requestName = requestName;
        this.request = request;
        this.expectedStatus = expectedStatus;
        this.expectedBody = expectedBody;
    }
}
