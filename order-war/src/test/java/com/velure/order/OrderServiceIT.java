package com.velure.order;

import com.velure.platform.testing.ServiceContract;

/** The packaged order WAR in Payara Micro with the pool from server-config/orders.asadmin. */
class OrderServiceIT extends ServiceContract {

    OrderServiceIT() {
        super("orders", "order");
    }
}
