/**
 * The server console's only way to change a pool: one MBean per pool ({@code com.velure:type=ConnectionPool})
 * with plain numeric attributes a console can chart and a budget-checked {@code resize} operation,
 * and one ({@code com.velure:type=Requests}) with the request rate. Registered at deployment; the
 * console (Hawtio) reaches them through the Jolokia agent, whose policy (console/jolokia-access.xml)
 * denies every other write.
 */
package com.velure.platform.admin;
