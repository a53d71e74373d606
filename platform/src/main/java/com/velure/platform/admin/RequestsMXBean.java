package com.velure.platform.admin;

/** Requests this instance has served, for the console's charts beside the pool. */
public interface RequestsMXBean {

    long getTotal();

    long getServerErrors();

    double getPerSecond();
}
