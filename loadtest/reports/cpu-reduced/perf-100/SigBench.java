// A signature benchmark (issue 15, 2026-12-05): RS256 (RSA 2048) against ES256 (P-256), sign and verify,
// JDK 17 providers, 3 000 of each after 1 500 to warm up. Run: java SigBench.java
import java.security.*;
import java.security.spec.ECGenParameterSpec;

public class SigBench {
    public static void main(String[] a) throws Exception {
        byte[] data = new byte[300];
        new SecureRandom().nextBytes(data);
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        bench("RS256", "SHA256withRSA", rsa.generateKeyPair(), data);
        bench("ES256", "SHA256withECDSAinP1363Format", ec.generateKeyPair(), data);
        bench("RS256", "SHA256withRSA", rsa.generateKeyPair(), data);
        bench("ES256", "SHA256withECDSAinP1363Format", ec.generateKeyPair(), data);
    }

    static void bench(String name, String alg, KeyPair keys, byte[] data) throws Exception {
        byte[] sig = null;
        for (int round = 0; round < 2; round++) {
            int n = round == 0 ? 1500 : 3000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) { Signature s = Signature.getInstance(alg); s.initSign(keys.getPrivate()); s.update(data); sig = s.sign(); }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) { Signature s = Signature.getInstance(alg); s.initVerify(keys.getPublic()); s.update(data); if (!s.verify(sig)) throw new AssertionError(); }
            long t2 = System.nanoTime();
            if (round == 1) System.out.printf("%s sign %.3f ms, verify %.3f ms (%d each)%n", name, (t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / n, n);
        }
    }
}
