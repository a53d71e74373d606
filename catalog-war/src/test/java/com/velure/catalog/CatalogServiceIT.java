package com.velure.catalog;

import com.velure.platform.testing.ServiceContract;

/** The packaged catalog WAR in Payara Micro with the pool from server-config/catalog.asadmin. */
class CatalogServiceIT extends ServiceContract {

    CatalogServiceIT() {
        super("catalog", "product");
    }
}
