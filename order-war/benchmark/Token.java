import com.nimbusds.jose.*;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.*;
import java.nio.file.*;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.*;

/** Prints an access token like auth-war's, signed with the local stack's dev key: Token <pem> <sub> <groups,comma> */
public class Token {
    public static void main(String[] args) throws Exception {
        String b64 = Files.readString(Path.of(args[0])).replaceAll("-----[A-Z ]+-----|\\s", "");
        var key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
        Date now = new Date();
        var claims = new JWTClaimsSet.Builder().issuer("velure-auth").audience("velure-api").subject(args[1]).claim("upn", args[1] + "@example.com")
            .claim("groups", List.of(args[2].split(","))).jwtID(UUID.randomUUID().toString()).issueTime(now)
            .expirationTime(new Date(now.getTime() + 3600_000L)).build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID("dev").build(), claims);
        jwt.sign(new RSASSASigner(key));
        System.out.println(jwt.serialize());
    }
}
