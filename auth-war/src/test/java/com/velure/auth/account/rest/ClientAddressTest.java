package com.velure.auth.account.rest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClientAddressTest {

    @Test
    void behindOurProxyTheLastForwardedEntryIsTheClient() {
        assertEquals("198.51.100.7", ClientAddress.of("127.0.0.1", "198.51.100.7"));
        assertEquals("198.51.100.7", ClientAddress.of("10.1.2.3", "203.0.113.1, 198.51.100.7"), "the client's own claim is ignored");
        assertEquals("2001:db8::1", ClientAddress.of("fd00::5", "2001:db8::1"));
        assertEquals("198.51.100.7", ClientAddress.of("192.168.1.1", " 198.51.100.7 "));
    }

    @Test
    void aPublicPeerCannotChooseItsAddress() {
        assertEquals("198.51.100.9", ClientAddress.of("198.51.100.9", "10.0.0.1"));
    }

    @Test
    void garbageInTheHeaderFallsBackToThePeer() {
        assertEquals("127.0.0.1", ClientAddress.of("127.0.0.1", "not-an-address"));
        assertEquals("127.0.0.1", ClientAddress.of("127.0.0.1", ""));
        assertEquals("127.0.0.1", ClientAddress.of("127.0.0.1", null));
    }
}
