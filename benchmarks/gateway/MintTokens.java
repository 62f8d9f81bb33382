import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Benchmark helper (JDK only, run as `java MintTokens.java DIR COUNT ISSUER`): one RS256 key, its JWKS
 * (DIR/jwks.json, served by the benchmark's backend) and COUNT distinct access tokens (DIR/tokens.txt).
 */
public class MintTokens {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        String issuer = args[2];
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        String kid = "bench-key";
        Files.writeString(dir.resolve("jwks.json"), "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\""
                + kid + "\",\"n\":\"" + b64(unsigned(pub.getModulus())) + "\",\"e\":\""
                + b64(unsigned(pub.getPublicExponent())) + "\"}]}");
        long now = System.currentTimeMillis() / 1000;
        String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}");
        Signature signer = Signature.getInstance("SHA256withRSA");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String claims = "{\"iss\":\"" + issuer + "\",\"sub\":\"bench-user-" + i + "\",\"aud\":[\"skyport-api\"],"
                    + "\"iat\":" + now + ",\"nbf\":" + (now - 5) + ",\"exp\":" + (now + 3600)
                    + ",\"scope\":[\"orders:read\",\"orders:write\"],\"roles\":[\"USER\"]}";
            String input = header + "." + b64(claims);
            signer.initSign(pair.getPrivate());
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            tokens.add(input + "." + b64(signer.sign()));
        }
        Files.write(dir.resolve("tokens.txt"), tokens);
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
